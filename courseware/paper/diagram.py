"""Mermaid flowcharts on paper: drawn as boxes and arrows (a small layered layout), or, for
any other diagram or one too big for a page, written out as text: its steps and where each
leads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from courseware.paper.document import ACCENT, FAMILY, FILL, INK, MUTED, PaperPDF

HEADER = re.compile(r"^\s*(?:flowchart|graph)\s+(TD|TB|LR|BT|RL)\s*$", re.IGNORECASE)
# A node: its id and optionally its shape with the label inside.
NODE = re.compile(
    r"\s*([A-Za-z0-9_]+)\s*(\(\[.*?\]\)|\[\[.*?\]\]|\(\(.*?\)\)|\[.*?\]|\(.*?\)|\{\{.*?\}\}|\{.*?\}|>.*?\])?"
)
# An arrow, with its label written `-- label -->` or `-->|label|`.
ARROW = re.compile(
    r"\s*(?:--\s+(?P<text>[^-][^\n]*?)\s+-->|==\s+(?P<thick>[^=\n]+?)\s+==>"
    r"|-\.\s+(?P<dotted>[^.\n]+?)\s+\.->|-->|---|==>|-\.->)\s*(?:\|(?P<piped>[^|\n]*)\|)?"
)

BOX_GAP = 4.0  # between boxes of one layer (mm)
LAYER_GAP = 9.0  # between layers, room for an arrow and its label
FONT_SIZE = 8.0
LINE = 3.6


@dataclass
class Flowchart:
    direction: str
    labels: dict[str, str] = field(default_factory=dict)
    decisions: set[str] = field(default_factory=set)
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (from, to, label)


def parse_flowchart(source: str) -> Flowchart | None:
    """The flowchart in `source`, or None if it is another kind of diagram or has a line
    this reader does not understand."""
    lines = [line.strip() for line in source.strip().splitlines() if line.strip()]
    if not lines or not (header := HEADER.match(lines[0])):
        return None
    chart = Flowchart(header.group(1).upper())
    for line in lines[1:]:
        if line.startswith("%%") or line.split()[0] in ("classDef", "class", "style", "linkStyle"):
            continue
        if not _parse_statement(chart, line):
            return None
    return chart if chart.labels else None


def _parse_statement(chart: Flowchart, line: str) -> bool:
    position, previous, label = 0, None, None
    while position < len(line):
        node = NODE.match(line, position)
        if node is None or node.end() == position:
            return False
        node_id, shape = node.group(1), node.group(2)
        if shape:
            text = shape.strip("[](){}>")
            chart.labels[node_id] = text.strip().strip('"')
            if shape.startswith("{"):
                chart.decisions.add(node_id)
        chart.labels.setdefault(node_id, node_id)
        if previous is not None:
            chart.edges.append((previous, node_id, label or ""))
        position = node.end()
        if position >= len(line) or not line[position:].strip():
            return True
        arrow = ARROW.match(line, position)
        if arrow is None:
            return False
        label = next((g.strip() for g in arrow.groups() if g and g.strip()), None)
        previous, position = node_id, arrow.end()
    return previous is None


def flowchart_as_text(chart: Flowchart) -> list[str]:
    """One line per step: its label, then where it leads (with the arrows' labels)."""
    numbers = {node: index for index, node in enumerate(chart.labels, 1)}
    lines = []
    for node, label in chart.labels.items():
        leads = [
            f"{edge_label + ': ' if edge_label else ''}{numbers[target]}"
            for source, target, edge_label in chart.edges
            if source == node
        ]
        lines.append(f"{numbers[node]}. {label}" + (f"  → {'; '.join(leads)}" if leads else ""))
    return lines


def draw_diagram(pdf: PaperPDF, source: str) -> None:
    """The diagram drawn, or else written out as text (under a note saying so)."""
    chart = parse_flowchart(source)
    if chart is not None and _draw_flowchart(pdf, chart):
        return
    pdf.muted(pdf.t("paper.diagram_as_text"))
    pdf.set_font(FAMILY, "", 9)
    lines = (
        flowchart_as_text(chart)
        if chart
        else [line.strip() for line in source.strip().splitlines()[1:] if line.strip()]
    )
    for line in lines:
        pdf.multi_cell(0, 4.4, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


# Layout ---------------------------------------------------------------------------------------


def _layers(chart: Flowchart) -> dict[str, int]:
    """Each node's layer: the longest path to it from a node nothing leads to (edges that
    close a cycle are left out)."""
    order = list(chart.labels)
    forward = [(a, b) for a, b, _ in chart.edges if order.index(a) < order.index(b)]
    layer = dict.fromkeys(order, 0)
    for _ in order:
        for source, target in forward:
            layer[target] = max(layer[target], layer[source] + 1)
    return layer


def _ordered_rows(chart: Flowchart, layer: dict[str, int]):
    """The layers as rows of nodes, with a dummy node wherever an edge crosses a layer, so
    that no arrow runs through a box; ordered to keep arrows short (barycentre sweeps)."""
    rows: list[list[str]] = [[] for _ in range(max(layer.values()) + 1)]
    for node in chart.labels:
        rows[layer[node]].append(node)
    paths: list[tuple[list[str], str]] = []
    for number, (source, target, label) in enumerate(chart.edges):
        if layer[target] <= layer[source]:
            paths.append(([source, target], label))  # a back edge: drawn straight
            continue
        path = [source]
        for depth in range(layer[source] + 1, layer[target]):
            dummy = f"\0{number}.{depth}"
            rows[depth].append(dummy)
            path.append(dummy)
        paths.append(([*path, target], label))
    links = [(a, b) for path, _ in paths for a, b in pairwise(path)]
    for sweep in range(4):
        downward = sweep % 2 == 0
        for depth in range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1):
            neighbours = rows[depth - 1] if downward else rows[depth + 1]
            place = {node: index for index, node in enumerate(neighbours)}
            before = {node: index for index, node in enumerate(rows[depth])}

            def centre(node, place=place, before=before, downward=downward):
                near = [
                    place[a if downward else b]
                    for a, b in links
                    if (b if downward else a) == node and (a if downward else b) in place
                ]
                return sum(near) / len(near) if near else before[node]

            rows[depth].sort(key=centre)
    return rows, paths


def _wrapped(pdf: PaperPDF, text: str, width: float) -> list[str]:
    pdf.set_font(FAMILY, "", FONT_SIZE)
    return pdf.multi_cell(width - 3, LINE, text, dry_run=True, output="LINES") or [""]


@dataclass
class _Layout:
    boxes: dict[str, tuple[float, float, float, float]]  # centre x, centre y, w, h (top 0)
    lines: dict[str, list[str]]
    paths: list[tuple[list[str], str]]
    height: float


def _layout(pdf: PaperPDF, chart: Flowchart) -> _Layout | None:
    """Where each box goes, from a top at 0; None when the chart does not fit on a page."""
    rows, paths = _ordered_rows(chart, _layers(chart))
    across = chart.direction in ("LR", "RL")
    widest = max(len(row) for row in rows)
    if across:
        box_width = min(42.0, (pdf.width - LAYER_GAP * 1.6 * (len(rows) - 1)) / len(rows))
    else:
        box_width = min(62.0, (pdf.width - BOX_GAP * (widest - 1)) / widest)
    if box_width < 18:
        return None
    lines = {node: _wrapped(pdf, chart.labels[node], box_width) for node in chart.labels}
    height = {node: len(lines[node]) * LINE + 3 for node in chart.labels}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    if across:
        total = max(
            sum(height.get(n, 0) + BOX_GAP for n in row if n in height) - BOX_GAP for row in rows
        )
        total = max(total, max(height.values()))
        for depth, row in enumerate(rows):
            x = pdf.l_margin + box_width / 2 + depth * (box_width + LAYER_GAP * 1.6)
            slot = total / len(row)
            for index, node in enumerate(row):
                boxes[node] = (x, slot * (index + 0.5), box_width, height.get(node, 0))
    else:
        y = 0.0
        for row in rows:
            row_height = max((height.get(n, 0) for n in row), default=0) or LINE
            slot = pdf.width / len(row)
            for index, node in enumerate(row):
                x = pdf.l_margin + slot * (index + 0.5)
                boxes[node] = (x, y + row_height / 2, box_width, height.get(node, 0))
            y += row_height + LAYER_GAP
        total = y - LAYER_GAP
    if total > pdf.page_break_trigger - pdf.t_margin - 4:
        return None
    return _Layout(boxes, lines, paths, total)


def diagram_height(pdf: PaperPDF, source: str) -> float:
    """The height a drawn diagram takes (0 when it is written out as text instead)."""
    chart = parse_flowchart(source)
    layout = _layout(pdf, chart) if chart is not None else None
    return 0.0 if layout is None else layout.height + 7


def _draw_flowchart(pdf: PaperPDF, chart: Flowchart) -> bool:
    """False when the chart does not fit on a page (it is then written out instead)."""
    layout = _layout(pdf, chart)
    if layout is None:
        return False
    if pdf.get_y() + 2 + layout.height > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y() + 2
    boxes = {n: (x, y + top, w, h) for n, (x, y, w, h) in layout.boxes.items()}
    across = chart.direction in ("LR", "RL")
    for path, label in layout.paths:
        _arrow(pdf, [boxes[node] for node in path], label, across)
    for node in chart.labels:
        _box(pdf, boxes[node], layout.lines[node], node in chart.decisions)
    pdf.set_y(top + layout.height + 5)
    return True


def _box(pdf: PaperPDF, box, lines: list[str], decision: bool) -> None:
    x, y, w, h = box
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.5 if decision else 0.3)
    pdf.set_fill_color(*((255, 243, 214) if decision else FILL))
    pdf.rect(x - w / 2, y - h / 2, w, h, style="DF", round_corners=decision, corner_radius=2)
    pdf.set_font(FAMILY, "B" if decision else "", FONT_SIZE)
    pdf.set_text_color(*INK)
    for index, line in enumerate(lines):
        pdf.set_xy(x - w / 2, y - h / 2 + 1.5 + index * LINE)
        pdf.cell(w, LINE, line, align="C")


def _border_point(box, toward_x: float, toward_y: float) -> tuple[float, float]:
    """Where the line from the box's centre toward a point leaves the box."""
    x, y, w, h = box
    dx, dy = toward_x - x, toward_y - y
    if dx == dy == 0:
        return x, y
    scale = min(
        (w / 2) / abs(dx) if dx else float("inf"),
        (h / 2) / abs(dy) if dy else float("inf"),
    )
    return x + dx * scale, y + dy * scale


def _arrow(pdf: PaperPDF, boxes: list, label: str, across: bool) -> None:
    points = [(b[0], b[1]) for b in boxes]
    start = _border_point(boxes[0], *points[1])
    end = _border_point(boxes[-1], *points[-2])
    route = [start, *points[1:-1], end]
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.3)
    for (x1, y1), (x2, y2) in pairwise(route):
        pdf.line(x1, y1, x2, y2)
    (x1, y1), (x2, y2) = route[-2], route[-1]
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 0.01)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    pdf.set_fill_color(*MUTED)
    pdf.polygon(
        [
            (x2, y2),
            (x2 - 2.2 * ux + 1.1 * uy, y2 - 2.2 * uy - 1.1 * ux),
            (x2 - 2.2 * ux - 1.1 * uy, y2 - 2.2 * uy + 1.1 * ux),
        ],
        style="F",
    )
    if label:
        (x1, y1), (x2, y2) = route[0], route[1]
        pdf.set_font(FAMILY, "I", FONT_SIZE - 0.5)
        width = pdf.get_string_width(label) + 2
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        pdf.set_fill_color(255, 255, 255)
        pdf.set_xy(mx - width / 2, my - LINE / 2)
        pdf.set_text_color(*ACCENT)
        pdf.cell(width, LINE, label, align="C", fill=True)
        pdf.set_text_color(*INK)
