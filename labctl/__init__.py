"""labctl: the Apache load-balancer tutorial as a lab you can bring up, break and check."""

__version__ = "0.1.0"
