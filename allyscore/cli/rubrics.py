"""`allyscore rubrics ...`: list, show and validate rubrics."""

from __future__ import annotations

import sys

import typer

from .common import Format, app, err, handled

rubrics_app = typer.Typer(help="List, show and validate scoring rubrics.\n\nExample: allyscore rubrics list",
                          no_args_is_help=True,
                         rich_markup_mode=None)
app.add_typer(rubrics_app, name="rubrics")


@rubrics_app.command("list")
@handled
def list_rubrics(
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
) -> None:
    """List the rubrics that ship with allyscore and its plugins; mark the default.

    Example: allyscore rubrics list --format json
    """
    from ..plugins import registry
    from ..rubric import DEFAULT_RUBRIC, available

    entries = available()
    default = [e for e in entries if e.name == DEFAULT_RUBRIC][-1:]
    rows = [{"name": e.name, "version": e.version, "ref": e.ref, "description": e.description,
             "plugin": e.plugin, "default": e in default} for e in entries]
    for failure in registry().failures:
        err(f"allyscore: warning: {failure.format()}")
    if fmt is Format.json:
        from ..formats.jsonfmt import dumps

        sys.stdout.write(dumps(rows))
        return
    from rich.table import Table

    from ..formats.terminal import console

    table = Table(title="Rubrics", title_justify="left")
    for col in ("Name", "Version", "Default", "From", "Description"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(row["name"], row["version"], "yes" if row["default"] else "", row["plugin"], row["description"])
    console().print(table)


def reflow(text: str) -> str:
    """Prose hard-wrapped in a YAML file as lines a terminal can wrap itself: one line per paragraph or
    list item ("- ", "* ", "1. "), paragraphs separated by a blank line."""
    import re

    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        items: list[str] = []
        bullet_indent = None  # the indentation of the current list item's marker; None: a paragraph
        for raw in block.splitlines():
            indent, line = len(raw) - len(raw.lstrip()), raw.strip()
            marker = re.match(r"^([-*]|\d+[.)])\s", line)
            if marker or not items or (bullet_indent is not None and indent <= bullet_indent):
                items.append(line)  # a new item, or the paragraph that follows a list
                bullet_indent = indent if marker else None
            else:
                items[-1] += " " + line
        out.append("\n".join(items))
    return "\n\n".join(out)


@rubrics_app.command("show")
@handled
def show(
    ref: str = typer.Argument(None, help="NAME[@VERSION] or a file (default: the default rubric)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table or json."),
) -> None:
    """Show a rubric as resolved (after `extends`): weights, folds, bands and rules.

    Example: allyscore rubrics show costly-signals@1.0.0
    """
    from ..rubric import resolve_rubric

    rubric = resolve_rubric(ref)
    m = rubric.model
    if fmt is Format.json:
        from ..formats.jsonfmt import dumps

        body = m.model_dump(mode="json", exclude={"extends"})
        sys.stdout.write(dumps({"ref": m.ref, "digest": rubric.digest, "extends": m.extends, "rubric": body}))
        return
    from rich.table import Table
    from rich.text import Text

    from ..formats.terminal import console

    from rich.text import Text

    out = console()
    out.print(Text.assemble((m.ref, "bold"), "  ", m.description or ""))
    out.print(Text(f"digest {rubric.digest}" + (f" · extends {m.extends}" if m.extends else ""), style="dim"))
    if m.changelog:
        out.print(Text.assemble(("Changelog: ", "bold"), reflow(m.changelog)))
    t = Table(title="Dimensions", title_justify="left")
    for col in ("Dimension", "Weight", "Share", "Fold", "Transform"):
        t.add_column(col, overflow="fold")
    total = sum(d.weight for d in m.dimensions.values()) or 1
    for dim_id, d in m.dimensions.items():
        tr = d.transform or m.transform
        t.add_row(dim_id, f"{d.weight:g}", f"{d.weight / total:.0%}", d.fold or m.fold,
                  tr.name + (f" {tr.params}" if tr.params else ""))
    out.print(t)
    out.print(f"aggregation {m.aggregation} · missing data: {m.missing.policy}, "
              f"label {m.missing.label or '-'} below {m.missing.min_coverage:.0%} coverage")
    if m.bands:
        b = Table(title="Bands", title_justify="left")
        for col in ("From", "To", "Label"):
            b.add_column(col, overflow="fold")
        for band in sorted(m.bands, key=lambda x: x.min):
            b.add_row(f"{band.min:g}", f"{band.max:g}", m.labels[band.label].title)
        out.print(b)
    if m.classes:
        out.print(Text("Classes, in order (the first whose definition holds gives the label)", style="bold"))
        for i, definition in enumerate(m.classes, 1):
            out.print(Text(f"{i}. {m.labels[definition.label].title}: {definition.reason}"))
    for i, rule in enumerate(m.rules, 1):
        out.print(Text(f"rule {i}: → {m.labels[rule.label].title}: {rule.reason}"))
    out.print(Text("\nLabels", style="bold"))
    for spec in m.labels.values():
        out.print(Text.assemble((spec.title, "bold"), ": ", spec.description or "(no definition given)"))
    if m.rationale:
        out.print(Text("\nRationale", style="bold"))
        for paragraph in reflow(m.rationale).split("\n"):
            out.print(Text(paragraph))


@rubrics_app.command("validate")
@handled
def validate(
    path: str = typer.Argument(..., help="The rubric file to check."),
    data: str = typer.Option(None, "--data", "-d", help="Check dimension ids against this dataset's catalog (default: the bundled one)."),
) -> None:
    """Validate a rubric file; problems as FILE:LINE:COL: MESSAGE, exit 2 when invalid.

    Example: allyscore rubrics validate my-rubric.yaml
    """
    from ..dataset import load_dataset
    from ..rubric import load_rubric

    catalog = set(load_dataset(data).dimensions)
    rubric = load_rubric(path, catalog)
    err(f"{path}: valid ({rubric.ref}, {rubric.digest})")
