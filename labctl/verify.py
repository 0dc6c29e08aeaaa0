"""`labctl verify`: grades the load balancer a student configured by hand, with hints.

Pass or fail comes from what Apache does (HTTP through the balancer, the manager page, servers
stopped and started through the Provider protocol); the hint - the likely cause and its fix -
comes from that evidence plus the student's conf.d/*.conf (read over the host's transport) and
the balancer's error log. Works on any provider: only the protocol is used.

The load balancer is restarted first (configtest, then `systemctl restart httpd`), so what is
graded is the configuration on disk now; every host is left running or stopped as it was found.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from rich.console import Console
from rich.text import Text

from labctl import diagnose, report
from labctl.apacheconf import StudentConfig, balancer_of, member_matches, read_conf_d
from labctl.errors import LabctlError, ProbeError, ProviderError
from labctl.i18n import Lang, t
from labctl.lab import Host
from labctl.probe import Probe, Reply
from labctl.providers.base import Provider
from labctl.scenarios.base import Check, LabDriver, Scenario, ScenarioResult, run_scenario

# Stable ids, in the order they run and print. README lists what each one means.
CHECK_IDS: tuple[str, ...] = (
    "config-valid",
    "httpd-running",
    "balancer-answers",
    "both-members",
    "pages-differ",
    "alternation",
    "one-down-survivor",
    "one-down-member-error",
    "both-down-503",
    "manager-not-proxied",
    "both-back",
    "manager-admits",
    "manager-refuses-anonymous",
    "manager-refuses-wrong-password",
    "manager-realm",
    "proxypassreverse",
)
REALM = "balancer-manager"


@dataclass
class VerifyResult:
    result: ScenarioResult
    lang: Lang
    running: dict[str, bool]  # as found, and as left

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.result.checks)

    @property
    def total(self) -> int:
        return len(self.result.checks)

    @property
    def ok(self) -> bool:
        return self.result.passed

    def score_line(self) -> str:
        return t(self.lang, "score", passed=self.passed, total=self.total)

    def failed_ids(self) -> set[str]:
        return {c.id for c in self.result.checks if not c.passed}

    def to_json(self) -> dict[str, Any]:
        data = report.to_json([self.result], score={"passed": self.passed, "total": self.total})
        for check in data["scenarios"][0]["checks"]:
            check.setdefault("hint", None)  # every check has the key, null when it passed
        return data


def verify(
    provider: Provider,
    credentials: tuple[str, str],
    *,
    lang: Lang = "en",
    on_check: Callable[[Check], None] | None = None,
    deadline: float = 3.0,
) -> VerifyResult:
    """Every check against the lab's configuration now; the lab is left as it was found."""
    return Verifier(provider, credentials, lang, deadline).run(on_check)


class Verifier:
    def __init__(
        self, provider: Provider, credentials: tuple[str, str], lang: Lang, deadline: float
    ) -> None:
        self.provider = provider
        self.lab = provider.lab
        self.lang = lang
        self.user, self.password = credentials
        self.lb = self.lab.loadbalancer
        self.paths = provider.paths(self.lb)
        self.driver = LabDriver(provider, credentials, deadline=deadline)
        self.probe = self.driver.probe
        self.config = StudentConfig()
        self._log_offset = 0
        self._pages: list[int] = []  # the 'Server N' of each server that answered directly

    # --- the run ------------------------------------------------------------------------

    def run(self, on_check: Callable[[Check], None] | None) -> VerifyResult:
        found = {h.name: h.running for h in self.provider.status()}
        scn = Scenario("verify", "labctl verify", lambda _driver: self._checks(found))
        report = None if on_check is None else (lambda _name, check: on_check(check))
        try:
            # Its own restore: the default one may restart the balancer, which raises when the
            # student's file on disk is broken; here that is a finding, not an error.
            result = run_scenario(
                scn, self.driver, report, restore=lambda: self._leave_as_found(found)
            )
        finally:
            self.driver.close()
        return VerifyResult(result, self.lang, found)

    def _checks(self, found: dict[str, bool]) -> Iterator[Check]:
        self._log_offset = self._log_size()
        yield self._config_valid()
        yield self._httpd_running(found)
        self.config = self._read_config()
        yield self._balancer_answers()
        yield self._both_members()
        yield self._pages_differ()
        yield self._adopt(self.driver.expect_alternation("alternation", 4), self._traffic_hint)
        with self.driver.stopped("server1"):
            survivor = self.driver.expect_all_from("one-down-survivor", "server2", 4)
            yield self._adopt(survivor, self._traffic_hint)
            member = self.driver.expect_member("one-down-member-error", "server1", "error")
            yield self._adopt(member, self._member_hint)
            with self.driver.stopped("server2"):
                down = self.driver.expect_status("both-down-503", 503, requests=3)
                yield self._adopt(down, self._traffic_hint)
                yield self._manager_not_proxied()
        yield self._adopt(self.driver.expect_service_back("both-back"), self._traffic_hint)
        yield self._manager_admits()
        yield self._manager_refuses("manager-refuses-anonymous", None)
        yield self._manager_refuses(
            "manager-refuses-wrong-password", (self.user, self.password + "-salah")
        )
        yield self._manager_realm()
        yield self._reverse()

    def _leave_as_found(self, found: dict[str, bool]) -> None:
        # A broken file on disk: the balancer keeps running what it ran, nothing to restart.
        with contextlib.suppress(ProviderError):
            self.driver.restore()
        for name, running in found.items():
            now = any(h.running for h in self.provider.status() if h.name == name)
            if running and not now:
                self.provider.service(name, "start")
            elif not running and now:
                self.provider.service(name, "stop")

    # --- building checks ----------------------------------------------------------------

    def _check(
        self,
        check_id: str,
        passed: bool,
        observed: str,
        hint: str | None = None,
        *,
        expected: str | None = None,
        diagnosis: str | None = None,
    ) -> Check:
        return Check(
            check_id,
            t(self.lang, f"title.{check_id}"),
            passed,
            expected or t(self.lang, f"expected.{check_id}", balancer=self._balancer_name()),
            observed,
            diagnosis,
            None if passed else hint or self._compare_hint(),
        )

    def _adopt(self, check: Check, hint: Callable[[Check], str | None]) -> Check:
        """A LabDriver check in the student's language, with a hint when it failed."""
        title = t(self.lang, f"title.{check.id}")
        if check.passed:
            return replace(check, title=title)
        return replace(check, title=title, hint=hint(check) or self._compare_hint())

    # --- the checks ---------------------------------------------------------------------

    def _config_valid(self) -> Check:
        try:
            self.provider.service(self.lb.name, "restart")
        except ProviderError as exc:
            error = str(exc).split(": ", 1)[-1]
            hint = t(self.lang, "hint.config-broken", error=error)
            return self._check("config-valid", False, str(exc), hint)
        return self._check("config-valid", True, "Syntax OK")

    def _httpd_running(self, found: dict[str, bool]) -> Check:
        stopped = [name for name, running in found.items() if not running]
        if not stopped:
            return self._check("httpd-running", True, "loadbalancer, server1, server2")
        hints = []
        for name in stopped:
            hints.append(t(self.lang, "hint.host-stopped", host=name))
            if name == self.lb.name:
                continue  # the restart above started it, or said why not
            try:
                self.provider.service(name, "start")
            except ProviderError as exc:
                hints[-1] = t(self.lang, "hint.host-wont-start", host=name, error=exc)
        observed = "stopped: " + ", ".join(stopped)
        return self._check("httpd-running", False, observed, " ".join(hints))

    def _balancer_answers(self) -> Check:
        try:
            reply = self.probe.get("/")
        except ProbeError as exc:
            return self._check(
                "balancer-answers", False, str(exc), t(self.lang, "hint.lb-silent", error=exc)
            )
        passed = reply.status == 200 and reply.server is not None
        observed = _describe(reply)
        hint = None if passed else self._proxy_hint() or self._log_hint()
        return self._check("balancer-answers", passed, observed, hint)

    def _both_members(self) -> Check:
        urls: list[str] = []
        source = "balancer-manager"
        try:
            page = self.probe.manager((self.user, self.password))
        except ProbeError:
            page = None
        if page is not None and page.status == 200 and page.source == "xml":
            urls = [m.url for m in page.members]
        else:
            # The manager cannot be read (that has its own checks): the file says who is in.
            source = "conf.d"
            target = self._root_balancer()
            urls = self.config.member_urls(target) if target else []
        missing = [s for s in self.lab.servers if not self._has_member(urls, s)]
        observed = f"{source}: " + (", ".join(urls) or t(self.lang, "none"))
        hint = None
        if missing:
            hint = self._proxy_hint() or self._member_missing_hint(missing[0].name)
        return self._check("both-members", not missing, observed, hint)

    def _pages_differ(self) -> Check:
        seen: list[str] = []
        numbers: list[int | None] = []
        for server in self.lab.servers:
            address, port = self.provider.endpoint(server)
            probe = Probe(address, port)
            try:
                reply = probe.get("/")
                numbers.append(reply.server if reply.status == 200 else None)
                seen.append(f"{server.name}: {_describe(reply)}")
            except ProbeError as exc:
                numbers.append(None)
                seen.append(f"{server.name}: {exc}")
            finally:
                probe.close()
        wanted = [s.number for s in self.lab.servers]
        self._pages = [n for n in numbers if n is not None]
        passed = numbers == wanted
        hint = None
        if not passed:
            hint = self._same_page_hint()
            for server, number, words in zip(self.lab.servers, numbers, seen, strict=True):
                if hint is None and number != server.number:
                    observed = words.split(": ", 1)[1]
                    hint = t(
                        self.lang,
                        "hint.server-page",
                        host=server.name,
                        number=server.number,
                        observed=observed,
                    )
        return self._check("pages-differ", passed, "; ".join(seen), hint)

    def _manager_not_proxied(self) -> Check:
        """Both servers are down now: a 503 for /balancer-manager proves it went to them.

        With the right password: auth in <Location> applies before ProxyPass hands the request
        over, so an anonymous request gets its 401 even when the page itself is proxied.
        """
        try:
            reply = self.probe.get("/balancer-manager", auth=(self.user, self.password))
        except ProbeError as exc:
            return self._check(
                "manager-not-proxied", False, str(exc), t(self.lang, "hint.lb-silent", error=exc)
            )
        if reply.status in (401, 500):
            # The password was refused before any handler ran: HTTP cannot tell, the file can.
            passed = self._routing_hint(proxy_only=True) is None
        else:
            passed = reply.status == 200 and _is_manager(reply)
        hint = None if passed else self._routing_hint()
        return self._check("manager-not-proxied", passed, _describe(reply), hint)

    def _manager_admits(self) -> Check:
        try:
            reply = self.probe.get("/balancer-manager", auth=(self.user, self.password))
        except ProbeError as exc:
            return self._check(
                "manager-admits", False, str(exc), t(self.lang, "hint.lb-silent", error=exc)
            )
        passed = reply.status == 200 and _is_manager(reply)
        hint = None
        if not passed:
            hint = self._routing_hint() if _proxied(reply) else self._password_hint(reply)
        return self._check("manager-admits", passed, _describe(reply), hint)

    def _manager_refuses(self, check_id: str, auth: tuple[str, str] | None) -> Check:
        check = self.driver.expect_manager(check_id, "", auth=auth, status=401)
        return self._adopt(check, lambda c: self._refusal_hint(c.observed))

    def _manager_realm(self) -> Check:
        try:
            page = self.probe.manager(None)
        except ProbeError as exc:
            return self._check(
                "manager-realm", False, str(exc), t(self.lang, "hint.lb-silent", error=exc)
            )
        observed = f'{page.status}, WWW-Authenticate: {page.auth_scheme} realm="{page.realm}"'
        if page.status != 401:
            return self._check("manager-realm", False, observed, self._refusal_hint(observed))
        scheme_ok = (page.auth_scheme or "").lower() == "basic"
        passed = scheme_ok and page.realm == REALM
        hint = None
        if not scheme_ok:
            where = self._where(self.config.manager_auth("authtype"))
            hint = t(self.lang, "hint.not-basic", value=page.auth_scheme, where=where)
        elif not passed:
            where = self._where(self.config.manager_auth("authname"))
            hint = t(self.lang, "hint.wrong-realm", realm=page.realm, where=where)
        return self._check("manager-realm", passed, observed, hint)

    def _reverse(self) -> Check:
        line = self.config.reverse()
        target = self._root_balancer()
        passed = line is not None and balancer_of(line.args[-1]) == (
            target or balancer_of(f"balancer://{self._balancer_name()}")
        )
        observed = (
            f"{line.where}: ProxyPassReverse {' '.join(line.args)}"
            if line
            else t(self.lang, "none")
        )
        hint = t(self.lang, "hint.no-proxypassreverse", balancer=self._balancer_name())
        return self._check("proxypassreverse", passed, observed, hint)

    # --- hints from the evidence --------------------------------------------------------

    def _proxy_hint(self) -> str | None:
        """Why requests to / do not reach both servers through a balancer, from the file."""
        cfg = self.config
        root = cfg.root_pass()
        balancers = cfg.balancers()
        if root is None and not balancers:
            return t(self.lang, "hint.no-config", conf_d=self.paths.conf_d)
        if root is None:
            return t(self.lang, "hint.no-proxypass-root", balancer=self._balancer_name())
        target = balancer_of(root.args[1]) if len(root.args) > 1 else None
        if target is None:
            return t(self.lang, "hint.no-proxypass-root", balancer=self._balancer_name())
        if target not in balancers:
            defined = ", ".join(balancers) or t(self.lang, "none")
            return t(
                self.lang,
                "hint.unknown-balancer",
                where=root.where,
                target=target,
                defined=defined,
            )
        urls = cfg.member_urls(target)
        missing = [s for s in self.lab.servers if not self._has_member(urls, s)]
        if missing and len(urls) < len(self.lab.servers):
            members = balancers[target]
            where = members[0].where if members else root.where
            return t(
                self.lang,
                "hint.few-members",
                count=len(urls),
                balancer=target,
                where=where,
                missing=", ".join(self._member_url(s.name) for s in missing),
            )
        if missing:
            return self._member_missing_hint(missing[0].name)
        return None

    def _traffic_hint(self, check: Check) -> str | None:
        return self._same_page_hint() or self._proxy_hint() or self._log_hint(check.diagnosis)

    def _member_hint(self, check: Check) -> str | None:
        if check.observed.startswith("/balancer-manager answered"):
            refused = re.search(r"answered (401|500)", check.observed)
            cause = self._htpasswd_hint() if refused else self._routing_hint()
            return cause or t(self.lang, "hint.manager-unreadable", observed=check.observed)
        return self._proxy_hint() or self._log_hint(check.diagnosis)

    def _routing_hint(self, *, proxy_only: bool = False) -> str | None:
        """Why /balancer-manager is not the manager page: the ProxyPass lines or no handler."""
        cfg = self.config
        wrong_order = cfg.exclusion_after_root()
        if wrong_order is not None:
            root, exclusion = wrong_order
            return t(
                self.lang,
                "hint.exclusion-after-root",
                root=root.where,
                exclusion=exclusion.where,
            )
        if cfg.root_pass() is not None and cfg.manager_exclusion() is None:
            return t(self.lang, "hint.no-exclusion")
        if cfg.manager_handler() is None and not proxy_only:
            return t(self.lang, "hint.no-manager-location")
        return None

    def _refusal_hint(self, observed: str) -> str | None:
        status = observed.split(",", 1)[0].strip()
        if status == "200":
            block = self.config.manager_block()
            allow = t(self.lang, "hint.allow-from-all") if self.config.allows_all() else ""
            where = block[0].where if block else self.paths.conf_d
            return t(self.lang, "hint.manager-open", where=where, allow=allow)
        if status == "500":
            return self._htpasswd_hint()
        return self._routing_hint()

    def _password_hint(self, reply: Reply) -> str | None:
        if reply.status == 500:
            return self._htpasswd_hint()
        if reply.status == 401:
            log = self._new_log()
            why = "401"
            for code, words in (("AH01617", "password mismatch"), ("AH01618", "user not found")):
                if code in log:
                    why = words
            return self._htpasswd_hint() or t(
                self.lang,
                "hint.credentials-refused",
                user=self.user,
                why=why,
                path=self._user_file(),
            )
        return self._routing_hint()

    def _htpasswd_hint(self) -> str | None:
        path = self._user_file()
        result = self.provider.transport(self.lb).run(
            f"test -f {shlex.quote(path)}", sudo=True, timeout=10
        )
        if not result.ok:
            return t(self.lang, "hint.htpasswd-missing", path=path, user=self.user)
        if "AH01620" in self._new_log():
            return t(self.lang, "hint.htpasswd-unreadable", path=path)
        return None

    def _same_page_hint(self) -> str | None:
        """From the pages read at the start: later, a stopped server would hide the cause."""
        numbers = set(self._pages)
        if len(numbers) != 1 or len(self._pages) < 2:
            return None
        number = numbers.pop()
        wrong = next((s for s in self.lab.servers if s.number != number), self.lab.servers[-1])
        page = f"Server {number}" if number is not None else "?"
        return t(self.lang, "hint.same-page", page=page, host=wrong.name, number=wrong.number)

    def _member_missing_hint(self, name: str) -> str:
        return t(self.lang, "hint.member-missing", host=name, url=self._member_url(name))

    def _log_hint(self, diagnosis: str | None = None) -> str | None:
        found = diagnosis or diagnose.explain(self._new_log())
        return t(self.lang, "hint.error-log", diagnosis=found) if found else None

    def _compare_hint(self) -> str:
        return t(self.lang, "hint.compare", conf_d=self.paths.conf_d)

    # --- reading the load balancer ------------------------------------------------------

    def _read_config(self) -> StudentConfig:
        return StudentConfig.from_files(
            read_conf_d(self.provider.transport(self.lb), self.paths.conf_d)
        )

    def _log_size(self) -> int:
        path = shlex.quote(self.paths.error_log)
        try:
            result = self.provider.transport(self.lb).run(f"wc -c < {path}", sudo=True, timeout=10)
        except LabctlError:
            return 0
        return int(result.stdout.strip()) if result.ok and result.stdout.strip().isdigit() else 0

    def _new_log(self) -> str:
        """The error log written since verify started: older lines would mislead the hint."""
        path = shlex.quote(self.paths.error_log)
        try:
            result = self.provider.transport(self.lb).run(
                f"tail -c +{self._log_offset + 1} {path} | tail -n 300", sudo=True, timeout=10
            )
        except LabctlError:
            return ""
        return result.stdout if result.ok else ""

    # --- small lookups ------------------------------------------------------------------

    def _root_balancer(self) -> str | None:
        root = self.config.root_pass()
        return balancer_of(root.args[1]) if root is not None and len(root.args) > 1 else None

    def _balancer_name(self) -> str:
        target = self._root_balancer()
        return target.removeprefix("balancer://") if target else self.lab.balancer

    def _has_member(self, urls: list[str], host: Host) -> bool:
        address, port = self.provider.endpoint(host)
        return any(member_matches(url, address, port) for url in urls)

    def _member_url(self, name: str) -> str:
        address, port = self.provider.endpoint(self.lab.host(name))
        return f"http://{address}:{port}"

    def _user_file(self) -> str:
        """AuthUserFile as Apache resolves it: relative paths are under the server root."""
        line = self.config.manager_auth("authuserfile")
        if line is None or not line.args:
            return self.paths.htpasswd
        path = line.args[0]
        if posixpath.isabs(path):
            return path
        return posixpath.join(posixpath.dirname(self.paths.htpasswd), path)

    def _where(self, directive: Any) -> str:
        return directive.where if directive is not None else self.paths.conf_d


def render_summary(verified: VerifyResult, console: Console) -> None:
    """After the check lines: why it stopped early (if it did), the score, the lab's state."""
    lang = verified.lang
    if verified.result.error:
        console.print(t(lang, "aborted", error=verified.result.error), style="red")
    style = "bold green" if verified.ok else "bold red"
    console.print(Text(verified.score_line(), style=style))
    if verified.ok:
        console.print(t(lang, "all-passed"), style="green")
    running = ", ".join(n for n, up in verified.running.items() if up) or t(lang, "none")
    console.print(t(lang, "restored", running=running), style="dim", highlight=False)


def check_line(check: Check, lang: Lang) -> Text:
    if check.passed:
        return Text(f"{t(lang, 'pass'):6}", style="bold green") + Text(f"{check.id}: {check.title}")
    line = Text(f"{t(lang, 'fail'):6}", style="bold red") + Text(f"{check.id}: {check.title}")
    line += Text(f"\n       {t(lang, 'observed')}: {check.observed}", style="yellow")
    if check.hint:
        line += Text(f"\n       -> {check.hint}", style="cyan")
    return line


def _describe(reply: Reply) -> str:
    if reply.status == 200 and reply.server is not None:
        return f"200, 'Server {reply.server}' page"
    if reply.status == 200 and _is_manager(reply):
        return "200, balancer-manager page"
    return reply.reason_line.strip()


def _is_manager(reply: Reply) -> bool:
    return bool(re.search(r"balancer manager|<httpd:manager", reply.body, re.IGNORECASE))


def _proxied(reply: Reply) -> bool:
    """A reply that came from (or via) the cluster rather than the manager handler."""
    return reply.status in (404, 502, 503) or reply.server is not None
