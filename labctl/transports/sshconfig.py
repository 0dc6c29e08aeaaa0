"""`vagrant ssh-config` output as a value: where a VM's SSH server is and how to log in.
Parsed once, here; the SSH transport and `labctl ssh` both take the value."""

from __future__ import annotations

from dataclasses import dataclass

from labctl.errors import Message, TransportError


@dataclass(frozen=True)
class SSHTarget:
    hostname: str
    port: int
    user: str
    key_files: tuple[str, ...]  # Vagrant lists several candidates (machine key, insecure keys)


def parse_ssh_config(host: str, text: str, machine: str | None = None) -> SSHTarget:
    """The entry of ``vagrant ssh-config [machine]`` output for ``machine``: by default the one
    named like ``host``, or the only one. ``UserKnownHostsFile``/``StrictHostKeyChecking`` are
    ignored on purpose: labctl records host keys in the lab's own known_hosts."""
    import paramiko

    try:
        config = paramiko.SSHConfig.from_text(text)
    except paramiko.ssh_exception.ConfigParseError as exc:
        raise TransportError(Message("sshconfig.unparsable", host=host, why=exc)) from exc
    names = sorted(n for n in config.get_hostnames() if not any(c in n for c in "*?!"))
    if machine is None:
        if host in names:
            machine = host
        elif len(names) == 1:
            machine = names[0]
        else:
            found = ", ".join(names) or "none"
            raise TransportError(Message("sshconfig.no-single-host", host=host, found=found))
    elif machine not in names:
        raise TransportError(Message("sshconfig.no-host", host=host, machine=machine))
    options = config.lookup(machine)
    if options.get("proxycommand") or options.get("proxyjump"):
        raise TransportError(Message("sshconfig.proxy", host=host))
    if "user" not in options or "identityfile" not in options:
        raise TransportError(Message("sshconfig.no-user", host=host, machine=machine))
    try:
        port = int(options.get("port", 22))
    except ValueError:
        raise TransportError(
            Message("sshconfig.port", host=host, port=repr(options["port"]))
        ) from None
    keys = options["identityfile"]
    return SSHTarget(options["hostname"], port, options["user"], tuple(keys))
