"""labctl's command line: parse, call labctl.control, render. No lab logic lives here."""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from labctl.errors import LabctlError, Message, usage_message
from labctl.i18n import tr
from labctl.providers.base import Say

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Bring up, break and check the Apache load-balancer lab of the tutorial.",
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

ProviderOpt = Annotated[
    str | None, typer.Option("--provider", "-p", help="local (embedded Apache) or vagrant (VMs)")
]
StageOpt = Annotated[
    str, typer.Option("--stage", help="full: the whole lab; base: the balancer is yours to do")
]
SubnetOpt = Annotated[
    str | None, typer.Option("--subnet", help="lab subnet for VMs, keeping the host octets")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="print one JSON object")]
JunitOpt = Annotated[Path | None, typer.Option("--junit", help="write JUnit XML to this file")]
HostArg = Annotated[str, typer.Argument(help="loadbalancer, server1 or server2")]
LangOpt = Annotated[
    str | None, typer.Option("--lang", help="id or en (default: from LANGUAGE/LC_ALL/LANG)")
]
ExerciseOpt = Annotated[
    str | None, typer.Option("--exercise", help="an exercise (`labctl exercise list`)")
]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("labctl")
        except PackageNotFoundError:  # run from a clone without installing it
            number = "unknown (not installed)"
        console.print(f"labctl {number}", highlight=False)
        raise typer.Exit(0)


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="print the version"),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", help="id or en for what every command says (default: LANGUAGE/LC_ALL/LANG)"
        ),
    ] = None,
) -> None:
    """Bring up, break and check the Apache load-balancer lab of the tutorial."""
    from labctl.i18n import use

    # This invocation's own, unless --lang names one (a test may run several in one process).
    use(None)
    _given_lang[:] = [None]
    _given_lang[:] = [_lang(lang)]


# `labctl --lang X COMMAND`: it wins over a class.toml's language and the environment, for the
# commands that have a --lang of their own too.
_given_lang: list[Any] = [None]


def _lang(option: str | None) -> Any:
    """The language asked for on the command line (the command's --lang, else the global one);
    None when neither was given."""
    from labctl.i18n import LANGS, use

    if option is None:
        return _given_lang[0]
    if option not in LANGS:
        _fail(Message("usage.lang", value=option))
    use(option)  # the lines said as the command works speak it too
    return option


def _say(line: str) -> None:
    err.print(f"labctl: {line}", style="dim", markup=False, highlight=False, soft_wrap=True)


@contextmanager
def _progress(title: str) -> Iterator[Say]:
    """Lines as they come (vagrant, provisioning steps) under a spinner showing the latest."""
    if not err.is_terminal:
        yield _say
        return
    with err.status(title) as status:

        def say(line: str) -> None:
            _say(line)
            status.update(f"{title}: {line[:70]}")

        yield say


def _error(message: object) -> None:
    """The one line every error is: a LabctlError, a Message or words already in the language."""
    err.print(
        f"labctl: error: {message}", style="red", markup=False, highlight=False, soft_wrap=True
    )


def _fail(message: Message | str, code: int = 2) -> NoReturn:
    _error(message)
    raise typer.Exit(code)


def _stage(value: str) -> Any:
    if value not in ("base", "full"):
        _fail(Message("usage.stage", value=value))
    return value


BoxOpt = Annotated[
    Path | None,
    typer.Option("--box", help="VMs from this .box file (made by `labctl box build`)"),
]


@app.command()
def up(
    provider: ProviderOpt = None,
    stage: StageOpt = "full",
    subnet: SubnetOpt = None,
    box: BoxOpt = None,
) -> None:
    """Bring the lab up: three hosts with Apache, provisioned as the tutorial says."""
    from labctl import control

    if box is not None and provider not in (None, "vagrant"):
        _fail(Message("usage.box"))
    if box is not None:
        provider = "vagrant"
    with _progress("labctl up") as say:
        opened = control.up(provider=provider, stage=_stage(stage), subnet=subnet, say=say, box=box)
    hosts = ", ".join(
        f"{h.name} {':'.join(map(str, opened.provider.endpoint(h)))}" for h in opened.lab.hosts
    )
    _say(tr("cmd.lab-up", provider=opened.state.provider, stage=opened.state.stage, hosts=hosts))


@app.command()
def status(as_json: JsonOpt = False) -> None:
    """Hosts, addresses, httpd state, balancer members and their manager status."""
    from labctl import control

    report = control.status(control.open_lab(say=_say))
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
        return
    from labctl.report import render_status

    render_status(report, console)


@app.command()
def scenario(
    names: Annotated[
        list[str] | None, typer.Argument(help="scenario names, 'all' or 'list'")
    ] = None,
    as_json: JsonOpt = False,
    junit: JunitOpt = None,
) -> None:
    """Run scenarios that assert what the tutorial claims (`labctl scenario list`)."""
    from labctl import control, report
    from labctl.scenarios import REGISTRY

    names = names or ["all"]
    if names == ["list"]:
        # `all` first, then each group after it (`labctl scenario faults`), in its own order
        for scn in sorted(REGISTRY.values(), key=lambda s: s.group != "all"):
            group = "" if scn.group == "all" else f" \\[{scn.group}]"
            console.print(f"[bold]{scn.name:14}[/] {scn.title}{group}", highlight=False)
        return
    live = None if as_json else (lambda name, check: console.print(report.check_line(check)))
    with control.session("scenario", say=_say) as opened:
        results = control.run_scenarios(opened, names, live)
    if junit is not None:
        report.write_junit(results, junit)
    if as_json:
        print(json.dumps(report.to_json(results), indent=2))
    else:
        report.render(results, console)
    raise typer.Exit(0 if all(r.passed for r in results) else 1)


def _service(host: str, action: Any) -> None:
    from labctl import control

    with control.session(action, say=_say) as opened:
        control.service(opened, host, action, _say)
    done = {"start": "cmd.started", "stop": "cmd.stopped", "restart": "cmd.restarted"}[action]
    _say(tr(done, host=host))


@app.command()
def stop(host: HostArg) -> None:
    """`systemctl stop httpd` on HOST; returns once it has stopped."""
    _service(host, "stop")


@app.command()
def start(host: HostArg) -> None:
    """`systemctl start httpd` on HOST; returns once it answers."""
    _service(host, "start")


@app.command()
def restart(host: HostArg) -> None:
    """`systemctl restart httpd` on HOST, after a configtest (a broken file changes nothing)."""
    _service(host, "restart")


@app.command()
def down() -> None:
    """Stop every host, keeping the lab's files."""
    from labctl import control

    with control.session("down", say=_say, settings=False) as opened:
        control.down(opened)
    _say(tr("cmd.lab-stopped"))


@app.command()
def destroy() -> None:
    """Stop every host and remove everything labctl made here (.labctl/)."""
    from labctl import control

    _say(control.destroy(say=_say))


@app.command()
def credentials() -> None:
    """Print the balancer-manager user and password of this lab."""
    from labctl import control

    user, password = control.open_lab(say=_say).credentials()
    console.print(f"{user} {password}", highlight=False)


@app.command()
def path(
    host: Annotated[
        str | None, typer.Argument(help="loadbalancer, server1 or server2; none: the lab")
    ] = None,
    what: Annotated[str | None, typer.Argument(help="conf.d, htpasswd, html or error_log")] = None,
) -> None:
    """Where a host's files are (`labctl path loadbalancer conf.d`); alone: where the lab is."""
    from labctl import control

    opened = control.open_lab(say=_say)
    if host is None:
        lb = opened.lab.loadbalancer
        address, port = opened.provider.endpoint(lb)
        print(f"lab: {opened.state_dir.project}")
        print(f"provider: {opened.state.provider}")
        for h in opened.lab.hosts:
            print(f"{h.name}: {':'.join(map(str, opened.provider.endpoint(h)))}")
        print(f"balancer: http://{address}:{port}/")
        return
    paths = opened.provider.paths(opened.lab.host(host))
    table = {
        "conf.d": paths.conf_d,
        "htpasswd": paths.htpasswd,
        "html": paths.document_root,
        "error_log": paths.error_log,
    }
    if what not in table:
        _fail(Message("usage.path", what=what, known=", ".join(table)))
    print(table[what])


@app.command()
def doctor(
    provider: ProviderOpt = None,
    subnet: SubnetOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check this machine can run the lab; each problem comes with the one thing to do."""
    from rich.markup import escape

    from labctl.doctor import doctor as examine
    from labctl.i18n import lang_from_env
    from labctl.lab import load_lab

    chosen: Any = _lang(lang) or lang_from_env()
    lab = load_lab(subnet=subnet)
    findings = examine(lab, provider_hint=provider or lab.requested_provider)
    marks = {"ok": "[green]ok  [/]", "warn": "[yellow]warn[/]", "fail": "[red]fail[/]"}
    for f in findings:
        what, fix = f.in_lang(chosen)
        console.print(f"{marks[f.level]} {escape(what)}", highlight=False)
        if fix:
            console.print(f"     -> {escape(fix)}", highlight=False)
    raise typer.Exit(1 if any(f.level == "fail" for f in findings) else 0)


box_app = typer.Typer(help="The classroom's own box: the tutorial's packages preinstalled.")
app.add_typer(box_app, name="box")


@box_app.command("build")
def box_build(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="the .box file to write (default labctl-<box>.box)"),
    ] = None,
) -> None:
    """Build a box from the lab's box with every package installed (instructor, once)."""
    from labctl import boxes
    from labctl.lab import load_lab

    lab = load_lab()
    with _progress("labctl box build") as say:
        written = boxes.build(lab, output or boxes.default_output(lab), say)
    console.print(str(written), highlight=False)


@app.command()
def provision(
    host: Annotated[str | None, typer.Argument(help="one host; all when omitted")] = None,
) -> None:
    """Run the VMs' provisioning again (vagrant provider); says what changed."""
    from labctl import control

    with control.session("provision", say=_say) as opened:
        run = getattr(opened.provider, "provision", None)
        if run is None:
            _fail(Message("usage.provision"))
        with _progress("labctl provision") as say:
            run([opened.lab.host(host).name] if host else None, say)


@app.command()
def ssh(host: HostArg) -> None:
    """Open a shell on HOST's VM (vagrant provider), trusting only this lab's host keys."""
    import os
    import shutil

    from labctl import control

    opened = control.open_lab(say=_say)
    argv_of = getattr(opened.provider, "ssh_argv", None)
    if argv_of is None:
        _fail(Message("usage.ssh"))
    if shutil.which("ssh") is None:
        _fail(Message("usage.no-ssh"))
    argv = argv_of(opened.lab.host(host).name)
    os.execvp(argv[0], argv)


@app.command()
def halt() -> None:
    """Shut the VMs down (`vagrant halt`), keeping them; `labctl up` boots them again."""
    from labctl import control

    with control.session("halt", say=_say, settings=False) as opened:
        control.down(opened)
    _say(tr("cmd.lab-halted"))


@app.command()
def verify(
    lang: LangOpt = None,
    as_json: JsonOpt = False,
    junit: JunitOpt = None,
    user: Annotated[str | None, typer.Option("--user", help="manager user")] = None,
    password: Annotated[
        str | None,
        typer.Option("--password", envvar="LABCTL_PASSWORD", help="manager password"),
    ] = None,
    inventory: Annotated[
        Path | None, typer.Option("--inventory", help="grade every lab of a class.toml")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="inventory: the results' prefix (OUT.csv, OUT.html...)"),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            help="csv, moodle, gradescope, junit, json (repeatable; inventory default: csv and "
            "json); one lab: json or gradescope on stdout",
        ),
    ] = None,
    delimiter: Annotated[
        str, typer.Option("--delimiter", help="CSV delimiter: ',' or ';' (Excel, id locale) or tab")
    ] = ",",
    check: Annotated[
        str | None,
        typer.Option("--check", help="one lab: the exit code is this check's (0 passed, 1 not)"),
    ] = None,
    exercise: ExerciseOpt = None,
) -> None:
    """Grade the load balancer you configured: a score, and a hint for every failed check."""
    from labctl import report
    from labctl import verify as grading
    from labctl.exercises import get
    from labctl.i18n import lang_from_env, t

    given = _lang(lang)
    chosen: Any = given or lang_from_env()
    task = get(exercise) if exercise is not None else None
    if inventory is not None:
        if check is not None:
            _fail(Message("usage.check-inventory"))
        _grade_class(inventory, out, junit, formats, delimiter, given, as_json, exercise)
        return
    ids = task.check_ids if task is not None else grading.CHECK_IDS
    single = _single_format(formats, check, ids)
    as_json = as_json or single == "json"
    if junit is not None:  # a bad destination is found before the lab is touched
        from labctl.exports import check_destinations

        check_destinations({"junit": junit})
    from labctl import control
    from labctl.state import find_lab

    if find_lab() is None:
        _fail(t(chosen, "no-lab", where=Path.cwd()))

    quiet = as_json or single is not None
    live = None if quiet else (lambda c: console.print(report.check_line(c, chosen)))
    with control.session("verify", say=_say) as opened:
        lab_user, lab_password = opened.credentials()
        if not quiet:
            address, port = opened.provider.endpoint(opened.lab.loadbalancer)
            console.print(t(chosen, "checking", address=address, port=port), style="dim")
        credentials = (user or lab_user, password or lab_password)
        result = control.verify_lab(opened, credentials, lang=chosen, on_check=live, exercise=task)
    if junit is not None:
        report.write_junit([result.result], junit, suite="labctl-verify")
    if check is not None:
        raise typer.Exit(_one_check(result, check, chosen))
    if single == "gradescope":
        from labctl import exports
        from labctl.classgrade import scored
        from labctl.inventory import Grading, Row

        one = Grading().for_exercise(exercise)
        row = scored(Row("lab", str(Path.cwd())), result, one)
        print(json.dumps(exports.gradescope(row, one, chosen), indent=2))
    elif as_json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        grading.render_summary(result, console)
    raise typer.Exit(2 if result.result.error else 0 if result.ok else 1)


def _single_format(formats: list[str] | None, check: str | None, ids: tuple[str, ...]) -> Any:
    """One lab: --format json|gradescope (stdout) or --check ID; checked before grading."""
    if check is not None and check not in ids:
        _fail(Message("usage.check", check=check, known=", ".join(ids)))
    if not formats:
        return None
    if len(formats) > 1 or formats[0] not in ("json", "gradescope"):
        _fail(Message("usage.one-format"))
    return formats[0]


def _one_check(result: Any, check_id: str, lang: Any) -> int:
    """GitHub Classroom style: one check's verdict as the exit code, its line as the output."""
    from labctl import report
    from labctl.i18n import t

    found = [c for c in result.result.checks if c.id == check_id]
    if not found:
        reason = result.result.error or "-"
        line = t(lang, "class.not-run", check=check_id, reason=reason)
        err.print(f"labctl: {line}", markup=False, highlight=False)
        return 2
    console.print(report.check_line(found[0], lang))
    return 0 if found[0].passed else 1


def _grade_class(
    path: Path,
    out: Path | None,
    junit: Path | None,
    formats: list[str] | None,
    delimiter: str,
    lang: str | None,
    as_json: bool,
    exercise: str | None = None,
) -> None:
    """Everything is checked first (inventory, formats, destinations), then the class graded."""
    from labctl import classgrade, classview, exports, inventory
    from labctl.i18n import lang_from_env, t

    chosen_formats = list(dict.fromkeys(formats or exports.DEFAULT_FORMATS))
    unknown = [f for f in chosen_formats if f not in exports.FORMATS]
    if unknown:
        _fail(Message("usage.format", value=unknown[0], known=", ".join(exports.FORMATS)))
    if delimiter not in exports.DELIMITERS:
        _fail(Message("usage.delimiter", value=delimiter))
    inv = inventory.read(path, exercise=exercise)
    chosen: Any = lang or inv.grading.lang or lang_from_env()
    prefix = out or path.with_name(path.stem + "-results")
    paths = exports.destinations(prefix, [*chosen_formats, "html"])
    if junit is not None:
        paths["junit"] = junit
    exports.check_inventory(inv, chosen_formats)
    exports.check_destinations(paths)
    with classview.progress(err, len(inv.entries), chosen) as on_row:
        rows = classgrade.grade(
            inv.entries,
            lang=chosen,
            known_hosts=inv.known_hosts,
            grading=inv.grading,
            on_row=on_row,
        )
    exports.write_all(rows, paths, inv.grading, chosen, exports.DELIMITERS[delimiter])
    if as_json:
        print(json.dumps(exports.to_json(rows, inv.grading), indent=2, ensure_ascii=False))
    else:
        console.print(classview.table(rows, chosen))
        _say(t(chosen, "class.wrote", files=", ".join(str(p) for p in paths.values())))
    raise typer.Exit(0 if all(r.ok for r in rows) else 1)


@app.command()
def reset(stage: StageOpt = "base", exercise: ExerciseOpt = None) -> None:
    """Put the lab back to a stage; your conf.d/*.conf and htpasswd are backed up first.
    With --exercise (and --stage full): that exercise's reference solution."""
    from labctl import control
    from labctl.exercises import get

    task = get(exercise) if exercise is not None else None
    if task is not None and stage != "full":
        _fail(Message("usage.exercise-stage"))
    with control.session("reset", say=_say) as opened:
        control.reset(opened, _stage(stage), _say, task)
    _say(tr("cmd.reset", stage=stage))
    if task is not None:
        _say(tr("exercise.solution", name=task.name))


def _usage_lang(exc: Exception) -> Any:
    """The language of a usage error: the global --lang (click may not have read it yet: a
    mistyped command comes before the option is applied), else the environment's."""
    from labctl.i18n import LANGS, lang_from_env

    ctx = getattr(exc, "ctx", None)
    while ctx is not None and ctx.parent is not None:
        ctx = ctx.parent
    given = ctx.params.get("lang") if ctx is not None else None
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if given is None and arg.startswith("--lang="):
            given = arg.removeprefix("--lang=")
        elif given is None and arg == "--lang" and i + 1 < len(args):
            given = args[i + 1]
    return given if given in LANGS else lang_from_env()


# --- faults (issue 13) ---------------------------------------------------------------------


@app.command()
def fault(
    target: Annotated[str, typer.Argument(help="server1 or server2; or 'clear', 'list'")],
    kind: Annotated[
        str | None,
        typer.Argument(help="stop, hang, slow SECONDS, error CODE, flap SECONDS, drop (VMs)"),
    ] = None,
    arg: Annotated[str | None, typer.Argument(help="CODE or SECONDS")] = None,
) -> None:
    """Break a server the way production breaks (`labctl fault list`); `fault clear` mends."""
    from labctl import control, faults, report
    from labctl.state import find_lab

    if target == "list":
        found = find_lab()
        active = faults.active(found) if found is not None else []
        report.render_faults(active, console)
        return
    with control.session("fault", say=_say) as opened:
        if target == "clear":
            cleared = faults.clear(opened, opened.lab.host(kind).name if kind else None)
            for f in cleared:
                _say(tr("fault.cleared", label=f.label))
            if not cleared:
                _say(tr("fault.nothing-to-clear"))
            return
        if kind is None:
            _fail(tr("fault.needs-kind", kinds=", ".join(faults.KINDS)))
        made = faults.apply(opened, target, kind, arg)
    _say(tr("fault.applied", label=made.label, host=made.host))


# --- watch (issue 13) ---


@app.command()
def watch(
    rate: Annotated[
        float, typer.Option("--rate", help="requests a second through the balancer (0 < R <= 50)")
    ] = 4.0,
    duration: Annotated[
        float | None, typer.Option("--duration", help="stop after S seconds (default: Ctrl-C)")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="one JSON object a second on stdout, for scripts")
    ] = False,
    window: Annotated[
        int, typer.Option("--window", help="how many last replies the shares and latency cover")
    ] = 20,
    lang: LangOpt = None,
) -> None:
    """A live view of the lab through its balancer, for a projector; it changes nothing."""
    from labctl import control
    from labctl import watch as watching

    _lang(lang)
    watching.check_options(rate, duration, window)
    # No lock and no settings check: watching is harmless beside any command, and the lab
    # that runs is the one lab.json describes.
    opened = control.open_lab(say=_say, settings=False)
    options = watching.Options(rate, duration, window)
    if as_json:
        seconds, sent = watching.watch(
            opened, options, lambda snap: print(json.dumps(snap.to_dict()), flush=True)
        )
    else:
        from labctl.watchview import live

        with live(console) as show:
            seconds, sent = watching.watch(opened, options, show)
    _say(tr("watch.done", seconds=round(seconds), sent=sent))


# --- exercises (issue 14) ------------------------------------------------------------------

exercise_app = typer.Typer(help="Exercises beyond the tutorial: weights, sticky sessions...")
app.add_typer(exercise_app, name="exercise")
ExerciseArg = Annotated[str, typer.Argument(help="an exercise (`labctl exercise list`)")]


@exercise_app.command("list")
def exercise_list(as_json: JsonOpt = False) -> None:
    """The exercises, in the order a class meets them."""
    from labctl import report
    from labctl.exercises import EXERCISES

    if as_json:
        print(json.dumps(report.exercises_json(list(EXERCISES.values())), indent=2))
        return
    report.render_exercises(list(EXERCISES.values()), console)


@exercise_app.command("show")
def exercise_show(
    name: ExerciseArg,
    lang: LangOpt = None,
) -> None:
    """The task: which file, what to change, how to check it."""
    from labctl import report
    from labctl.exercises import get
    from labctl.i18n import current

    chosen: Any = _lang(lang) or current()
    report.render_exercise(get(name), chosen, console)


@exercise_app.command("start")
def exercise_start(name: ExerciseArg) -> None:
    """The lab at the exercise's starting point; your files are backed up first."""
    from labctl import control
    from labctl.exercises import get

    task = get(name)
    with control.session("exercise", say=_say) as opened:
        control.start_exercise(opened, task, _say)
    _say(tr("exercise.started", name=task.name))


def main() -> None:
    """Entry point: every LabctlError and Ctrl-C is one line and exit 2, never a traceback."""
    try:
        # Outside standalone mode click returns the code of a typer.Exit instead of raising.
        code = app(standalone_mode=False)
        code = code if isinstance(code, int) else 0
    except typer.Exit as exc:
        code = exc.exit_code
    except LabctlError as exc:
        _error(exc)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        code = 130
    except OSError as exc:
        # A file labctl was not allowed to read or write, a full disk...: one line, the file.
        where = f"{exc.filename}: " if exc.filename else ""
        why = exc.strerror or str(exc)
        if exc.errno == errno.ENOSPC:
            where, why = "", str(Message("err.no-space", path=exc.filename or Path.cwd()))
        _error(f"{where}{why}")
        sys.exit(2)
    except Exception as exc:
        # Usage errors come from the click that typer bundles: recognised by their shape, so
        # whichever click it is, a mistyped option is click's own message and exit 2.
        show = getattr(exc, "show", None)
        if callable(show) and hasattr(exc, "exit_code"):
            message = usage_message(exc)
            if message is None:  # a bare `labctl`: its help
                show()
            else:
                _error(message.in_lang(_usage_lang(exc)))
            sys.exit(2)
        if type(exc).__name__ != "Abort":
            raise
        code = 130
    if code == 130:  # typer's word for a KeyboardInterrupt
        err.print(f"labctl: {tr('cmd.interrupted')}", style="red")
        code = 2
    sys.exit(code)


if __name__ == "__main__":
    main()
