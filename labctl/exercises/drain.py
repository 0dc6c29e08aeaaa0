"""Exercise `drain`: server1 taken out for maintenance on the balancer-manager page itself.

Measured on Apache 2.4.71: the page's edit form for a member posts b, w, nonce and the status
switches (w_status_N: drain mode, D: disabled, S: stopped, H: hot standby...) to
/balancer-manager. Apache applies it only with a same-origin Referer (a browser sends one; a
plain `curl -d` does not: AH10187 "ignoring params in balancer-manager cross-site access" in the
error log, and nothing changes). A drained member shows "Init Drn Ok" and gets no new client.

This changes what runs, not the file: verify grades the running balancer and does not restart
it (no config-valid); a restart of the balancer (or the form with Drain Off) ends the drain.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from labctl.errors import Message, ProbeError, ProviderError
from labctl.exercises.base import Exercise, ExerciseChecks, flag, tally
from labctl.hostreader import Unread
from labctl.probe import Member, Probe
from labctl.scenarios.base import Check
from labctl.verify.checks import Outcome
from labctl.verify.hints import Hint

if TYPE_CHECKING:
    from labctl.control import OpenLab

REFUSED = "AH10187"  # the manager ignored a form without a same-origin Referer
STARTED = "AH00489"  # "resuming normal operations": the balancer's last start


def plan(x: ExerciseChecks) -> Iterator[Check]:
    yield x.check("drain-members", lambda: _members(x))
    yield x.check("drain-flag", lambda: _flag(x))
    yield x.check("drain-avoided", lambda: _avoided(x))


def _statuses(x: ExerciseChecks) -> tuple[Member | None, Member | None] | str:
    page = x.page()
    if isinstance(page, str):
        return page
    return x.member(page, "server1"), x.member(page, "server2")


def _members(x: ExerciseChecks) -> Outcome:
    found = _statuses(x)
    if isinstance(found, str):
        return Outcome(False, found)
    observed = ", ".join(f"{m.url}: {m.status}" for m in found if m is not None)
    return Outcome(None not in found, observed, lambda: cause(found, refused=False))


def _flag(x: ExerciseChecks) -> Outcome:
    found = _statuses(x)
    if isinstance(found, str):
        return Outcome(False, found)
    first, second = found
    passed = flag(first, "drn") and not flag(second, "drn") and not flag(second, "dis")
    observed = ", ".join(
        f"{n}: {m.status if m else '-'}" for n, m in zip(("server1", "server2"), found, strict=True)
    )
    return Outcome(passed, observed, lambda: cause(found, refused=_refused(x)))


def _avoided(x: ExerciseChecks) -> Outcome:
    passed, seen = x.requests_from(2, 6)
    found = _statuses(x)
    if isinstance(found, str):
        return Outcome(False, found)
    return Outcome(passed, tally(seen, x.lang), lambda: cause(found, refused=_refused(x)))


def _refused(x: ExerciseChecks) -> bool:
    """Whether the manager ignored a form for want of a Referer since the balancer started."""
    text = x.s.reader.since(x.s.paths.error_log, 0)
    if isinstance(text, Unread):
        return False
    return REFUSED in text[text.rfind(STARTED) :]


def cause(found: tuple[Member | None, Member | None], *, refused: bool) -> Hint:
    """Why server1 is not drained, from the statuses the manager shows and the error log."""
    first, second = found
    if first is None or second is None:
        return Hint("drain-removed")
    if flag(second, "drn") or flag(second, "dis"):
        return Hint("drain-wrong-member")
    if flag(first, "dis") or flag(first, "stop"):
        return Hint("drain-other-switch", {"status": first.status.strip()})
    if flag(first, "drn"):
        return Hint("drain-other")
    if refused:
        return Hint("drain-referer")
    return Hint("drain-how")


def submit(opened: OpenLab, host: str, switches: dict[str, str]) -> None:
    """The manager's form for ``host``'s member, as a browser sends it (its nonce, a Referer):
    what an operator does; the drain exercise's solution."""
    provider, lab = opened.provider, opened.lab
    probe = Probe(*provider.endpoint(lab.loadbalancer))
    credentials = opened.credentials()
    try:
        page = probe.manager(credentials)
        member = page.member_at(*provider.endpoint(lab.host(host)))
        if member is None or not page.balancer:
            raise ProviderError(Message("exercise.drain-no-member", host=host))
        form = {
            "b": page.balancer.removeprefix("balancer://"),
            "w": member.url,
            "nonce": page.info.get("nonce", ""),
            **switches,
        }
        probe.post("/balancer-manager", form, auth=credentials)
    except ProbeError as exc:
        raise ProviderError(Message("exercise.drain-form", why=exc)) from exc


EXERCISE = Exercise(
    name="drain",
    title=("Drain: take server1 out for maintenance", "Drain: keluarkan server1 untuk perawatan"),
    apache="any httpd 2.4 (drain mode since 2.4.5; CentOS 7's 2.4.6 too)",
    checks=("drain-members", "drain-flag", "drain-avoided"),
    plan=plan,
    restart=False,
    after_solution=lambda opened: submit(opened, "server1", {"w_status_N": "1"}),
    task=(
        """\
server1 needs maintenance. An operator does not edit the file and restart the balancer for
that: on the balancer-manager page server1 is put in drain mode, so it gets no new clients
while server2 takes them all. This changes the running balancer, not lbsisjarkom.conf.

1. Open http://192.168.43.71/balancer-manager (the embedded lab: `labctl path`; user and
   password: `labctl credentials`).
2. Click server1's worker URL; in the form set "Drain Mode" to On; Submit.
   (With curl: the form needs the page's nonce and a Referer header of the page itself:
   curl -u admin:PASSWORD -H "Referer: http://ADDRESS/balancer-manager" \\
        -d "b=mycluster&w=http://ADDRESS-OF-SERVER1&nonce=NONCE&w_status_N=1" \\
        http://ADDRESS/balancer-manager
   without the Referer Apache ignores the form: AH10187 in the error log.)

Check: the manager shows server1 as "Init Drn Ok"; reload the page: only "Server 2". Do not
remove server1 from the file. Then: `labctl verify --exercise drain` (it does not restart the
balancer). To end the maintenance: Drain Mode Off, or `labctl restart loadbalancer`.""",
        """\
server1 perlu perawatan. Operator tidak mengubah berkas lalu me-restart balancer untuk itu:
di halaman balancer-manager server1 dimasukkan ke mode drain, sehingga tidak mendapat klien
baru sementara server2 mengambil semuanya. Ini mengubah balancer yang berjalan, bukan
lbsisjarkom.conf.

1. Buka http://192.168.43.71/balancer-manager (lab tertanam: `labctl path`; pengguna dan
   kata sandi: `labctl credentials`).
2. Klik URL worker server1; di formulir pasang "Drain Mode" ke "On"; "Submit".
   (Dengan curl: formulir perlu nonce halaman dan header Referer halaman itu sendiri:
   curl -u admin:PASSWORD -H "Referer: http://ADDRESS/balancer-manager" \\
        -d "b=mycluster&w=http://ADDRESS-OF-SERVER1&nonce=NONCE&w_status_N=1" \\
        http://ADDRESS/balancer-manager
   tanpa Referer Apache mengabaikan formulir: AH10187 di log error.)

Periksa: balancer-manager menampilkan server1 sebagai "Init Drn Ok"; muat ulang halaman: hanya
"Server 2". Jangan hapus server1 dari berkas. Lalu: `labctl verify --exercise drain` (tanpa
restart balancer). Untuk mengakhiri perawatan: "Drain Mode" "Off", atau
`labctl restart loadbalancer`.""",
    ),
)
