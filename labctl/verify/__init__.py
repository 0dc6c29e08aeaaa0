"""`labctl verify`: grades the load balancer a student configured by hand, with hints.

Three parts, one direction (checks -> evidence -> hints):

- checks (checks.py, run.py): what is asked of Apache, in order - HTTP through the balancer,
  the manager page, servers stopped and started through the Provider protocol. Pass or fail
  comes from what Apache does, never from reading the files (except `proxypassreverse` where
  the servers cannot produce a redirect).
- evidence (evidence.py, reader.py, session.py): what was observed - replies, the manager page,
  members as the balancer resolves them, the files as Apache parses them (conf.d in Apache's
  order, Includes, file:line) and the error log written during the check being judged.
- hints (hints.py): pure functions evidence -> cause and fix, tested without Apache.

Works on any provider: only the protocol is used. Every host is left running or stopped as it
was found.
"""

from labctl.verify.checks import CHECK_IDS, REALM
from labctl.verify.render import render_summary
from labctl.verify.run import VerifyResult, verify

__all__ = ["CHECK_IDS", "REALM", "VerifyResult", "render_summary", "verify"]
