"""Providers run a Lab somewhere: `local` (Apache processes on loopback) or `vagrant` (VMs).

One module each, behind the protocol in base.py; `labctl.control.provider_for` picks one.
"""
