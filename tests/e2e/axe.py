"""axe-core in the browser tests: installed once from the npm registry (pinned) into the
git-ignored `.cache/axe`, injected into a settled page, its findings sorted into the ones that
fail the gate (impact serious or critical, WCAG 2.0/2.1/2.2 A and AA rules) and the rest,
written to a report under test-artifacts/."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from tests.e2e.streamlit_page import wait_for_app

REPO = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14"
AXE_DIR = REPO / ".cache" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
REPORT_DIR = REPO / "test-artifacts" / "accessibility"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FAILING_IMPACTS = ("serious", "critical")

# Streamlit's own markup the app cannot change: (rule, CSS selector axe reports, reason,
# upstream issue). Nothing of the app's own making belongs here.
ALLOWED: list[tuple[str, str, str, str]] = []


def axe_script() -> Path:
    """axe.min.js, installed with npm the first time (`npm install --prefix .cache/axe`)."""
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed once to install axe-core for the accessibility test")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--silent",
                "--no-save",
                "--prefix",
                str(AXE_DIR),
                f"axe-core@{AXE_VERSION}",
            ],
            check=True,
            timeout=300,
        )
    return AXE_JS


@dataclass
class Finding:
    view: str
    rule: str
    impact: str
    help: str
    targets: list[str]
    detail: str = ""

    @property
    def fails(self) -> bool:
        return self.impact in FAILING_IMPACTS


def allowed(rule: str, target: str) -> bool:
    return any(rule == r and target == selector for r, selector, _, _ in ALLOWED)


def check_page(page: Page, view: str) -> list[Finding]:
    """axe's findings on the page as it is now (after Streamlit's run has finished)."""
    if page.locator("[data-testid='stApp']").count():
        wait_for_app(page)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    violations = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations']})).violations.map(v => ({id: v.id, impact: v.impact,
            help: v.help, targets: v.nodes.map(n => n.target.join(' ')),
            detail: v.nodes[0]?.failureSummary ?? ''}))""",
        WCAG_TAGS,
    )
    findings = []
    for v in violations:
        targets = [t for t in v["targets"] if not allowed(v["id"], t)]
        if targets:
            findings.append(
                Finding(view, v["id"], v["impact"] or "minor", v["help"], targets, v["detail"])
            )
    return findings


def write_report(name: str, findings: list[Finding]) -> Path:
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    path = REPORT_DIR / f"{name}.json"
    path.write_text(
        json.dumps([f.__dict__ for f in findings], indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return path


def summary(findings: list[Finding]) -> str:
    return "\n".join(
        f"{f.view}: {f.rule} ({f.impact}, {len(f.targets)}): {f.help} – {f.targets[:3]}"
        f" – {f.detail[:300]}"
        for f in findings
    )
