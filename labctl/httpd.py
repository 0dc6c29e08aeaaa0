"""The httpd service of a host reached through a Transport (a VM, a student's own machine):
`systemctl ACTION httpd` with a configtest first for a restart, then a wait until the port
says it happened. The Vagrant provider and class grading both run it; the embedded lab's own
processes are labctl/apache.py's."""

from __future__ import annotations

from labctl.apache import apache_says
from labctl.errors import ConfigRefused, Message, ProviderError
from labctl.lab import Action
from labctl.net import accepts, answers_http, wait_until
from labctl.transports import Transport

SERVICE_TIMEOUT = 30.0  # systemd start/stop of httpd, then the port closing / answering


def service(
    name: str,
    transport: Transport,
    action: Action,
    *,
    command: str,
    configtest: str | None,
    endpoint: tuple[str, int],
    fix: Message | None = None,
    http: bool = True,
) -> None:
    """``command`` (the service manager's line for ``action``) on ``name``; returns once httpd
    is stopped, or answers HTTP (``http``) or at least takes connections. A restart whose
    configtest fails changes nothing and raises with Apache's own words."""
    if action == "restart" and configtest:
        test = transport.run(configtest, sudo=True, timeout=30)
        if not test.ok:
            why = apache_says(test.stdout, test.stderr, test.exit_status)
            raise ConfigRefused(name, why)
    result = transport.run(command, sudo=True, timeout=90)
    if not result.ok:
        raise ProviderError(
            Message("err.command-failed", host=name, command=command, why=result.tail(3))
        )
    address, port = endpoint
    if action == "stop":
        failure = Message(
            "err.still-open", host=name, address=address, port=port, seconds=f"{SERVICE_TIMEOUT:g}"
        )
        wait_until(lambda: not accepts(address, port), failure, SERVICE_TIMEOUT)
    else:
        key = "err.no-answer-fix" if fix else "err.no-answer"
        failure = Message(
            key, host=name, address=address, port=port, seconds=f"{SERVICE_TIMEOUT:g}", fix=fix
        )
        ready = answers_http if http else accepts
        wait_until(lambda: ready(address, port), failure, SERVICE_TIMEOUT)
