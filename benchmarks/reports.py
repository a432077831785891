"""Report rendering and signing times, and memory over many reports.

    python benchmarks/reports.py              # 30 runs each, 300 reports in the memory child,
                                              # 1,000 reports issued in a batch
    python benchmarks/reports.py --runs 50 --many 1000 --batch 200

Figures, each beside its target (issue #11):
- median time to render a 2-page report (40 result rows): <= 50 ms
- median time to render and sign it (PAdES, RSA-2048, self-signed test identity): <= 150 ms
- resident memory of a child process that renders --many reports one after another: the peak,
  and the growth between the first tenth and the end (a leak shows as growth)
- the same report as HTML through WeasyPrint (the engine SENAITE uses) and the ratio of its time
  to reportlab's, when it is installed (the `bench` extra: pip install '.[bench]'; not a
  dependency of the application or its tests)
- --batch reports (default 1,000) issued by ReportService.issue_batch on a demo database made with
  `lims demo --samples N` (SQLite, in a temporary folder): the peak resident memory of the
  issuing process and of its child processes, each under 400 MB; --batch 0 leaves it out

Times are wall-clock medians with the CPU time beside them: on a shared machine the wall time
includes waiting for a processor."""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _root  # noqa: F401 - the project's packages before this folder's files of the same names

from reports.render import compose_report, render_report
from reports.signing import self_signed_identity, sign_pdf
from tests.reports.report_samples import long_report

ROOT = Path(__file__).resolve().parents[1]


def timed(action, runs: int) -> tuple[float, float, float]:
    """Median wall, median CPU and fastest wall milliseconds of ``action()`` over ``runs`` runs
    (after one warm-up)."""
    action()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, min(walls) * 1000


def line(label: str, value: str, target: str) -> None:
    print(f"{label:<44} {value:>22}   {'target ' + target if target else ''}")


def memory_child(count: int) -> None:
    """Run in a child process: render ``count`` reports, print RSS after a tenth and at the end."""
    data = long_report()
    first = max(1, count // 10)
    for i in range(count):
        render_report(data)
        if i + 1 == first:
            early = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    late = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{early} {late}")


DEMO_APPROVED_SHARE = 0.7  # of `lims demo` samples at least this share is approved (about 0.76)
BATCH_TARGET_MB = 400


def batch_child(db: str, out: str, count: int) -> None:
    """Run as the issuing process: issue ``count`` reports of approved demo samples as the demo's
    signatory through issue_batch (its child processes), then print the issued count, the wall
    seconds, and this process's and its children's peak RSS in KiB (VmHWM: getrusage would count
    the memory a forked parent held before exec)."""
    from lims.cli import open_services
    from lims.services.report_batch import peak_rss_kib

    services = open_services(db)
    signer = services.users.login("signer", "demo1234", "benchmark")
    ids = [a.id for a in services.reports.approved_samples(limit=count)]
    started = time.perf_counter()
    outcome = services.reports.issue_batch(signer, ids, out, password="demo1234", in_child=True)
    wall = time.perf_counter() - started
    for failure in outcome.failed[:3]:
        print(f"not issued: {failure.sample_code}: {failure.error}", file=sys.stderr)
    print(len(outcome.issued), len(ids), f"{wall:.3f}", peak_rss_kib(), outcome.child_peak_rss_kib)


def batch_memory(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="lims-bench-batch-") as folder:
        db, out = Path(folder) / "demo.db", Path(folder) / "out"
        out.mkdir()
        samples = int(count / DEMO_APPROVED_SHARE) + 20
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "lims", "demo", "--db", str(db), "--samples", str(samples)],
                       check=True, capture_output=True, text=True, cwd=ROOT)
        print(f"demo database with {samples} samples made in {time.perf_counter() - started:.0f} s")
        child = subprocess.run([sys.executable, __file__, "--batch-child", str(db), str(out), str(count)],
                               check=True, capture_output=True, text=True)
        issued, asked, wall, parent_kib, child_kib = child.stdout.split()
        if child.stderr.strip():
            print(child.stderr.strip())
        line(f"{issued} of {asked} reports issued in a batch", f"{float(wall):.0f} s "
             f"({float(wall) / max(1, int(issued)) * 1000:.0f} ms each)", "")
        line("  peak RSS of the issuing process", f"{int(parent_kib) / 1024:.0f} MiB", f"< {BATCH_TARGET_MB} MB")
        line("  peak RSS of a child process", f"{int(child_kib) / 1024:.0f} MiB", f"< {BATCH_TARGET_MB} MB")


def report_html(data) -> str:
    """The report as HTML with the same content as reports.render prints: lab and number on every
    page with "第 x 页 共 y 页", the sample block, the result table (its header repeated on each
    page, the out-of-scope marker), the conclusion, the three sign-offs, the statements and the end
    mark, in the bundled CJK font (one face, no synthetic bold, as reportlab prints it). Marks
    and the QR code are left out (images in both engines)."""
    from html import escape

    from reports.fonts import FONT_FILE

    def cell(text: object) -> str:
        return f"<td>{escape(str(text))}</td>"

    samples = "".join(
        f"<tr><th>样品编号</th>{cell(s.code)}<th>样品名称</th>{cell(s.name)}</tr>"
        f"<tr><th>受检单位</th>{cell(s.producer)}<th>抽样地点</th>{cell(s.sampling_place)}</tr>"
        f"<tr><th>抽样日期</th>{cell(s.sampled_on or '/')}<th>到样日期</th>{cell(s.received_on or '/')}</tr>"
        f"<tr><th>样品状态</th>{cell(s.state)}<th>样品数量</th>{cell(s.quantity)}</tr>" for s in data.samples)
    rows = "".join(
        "<tr>" + cell(i) + cell(r.parameter + (data.out_of_scope_marker if data.marked_out_of_scope(r) else ""))
        + cell(r.method) + cell(r.unit) + cell(r.result_text()) + cell(r.limit) + cell(r.limit_basis)
        + cell(r.verdict) + "</tr>" for i, r in enumerate(data.rows, start=1))
    statements = "".join(f"<li>{escape(s)}</li>" for s in data.statements)
    out_of_scope = f"<p>{escape(data.out_of_scope_statement)}</p>" if data.any_marked_out_of_scope else ""
    signoffs = "".join(f"<td>{label}：{escape(s.name)}<br>{s.signed_on}</td>" for label, s in
                       (("编制", data.preparer), ("审核", data.reviewer), ("批准", data.approver)))
    return f"""<html><head><meta charset="utf-8"><style>
@font-face {{ font-family: WQY; src: url("{FONT_FILE.as_uri()}"); }}
@page {{ size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-left {{ content: "{escape(data.lab.name)}"; font: 8pt WQY }}
  @top-right {{ content: "报告编号：{escape(data.number)}"; font: 8pt WQY }}
  @bottom-center {{ content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font: 8pt WQY }} }}
body {{ font-family: WQY; font-size: 9pt }}
h1 {{ text-align: center; font-size: 18pt; font-weight: normal; letter-spacing: 4pt }}
table {{ border-collapse: collapse; width: 100% }} thead {{ display: table-header-group }}
td, th {{ border: 0.5pt solid #444; padding: 2pt 3pt }} th {{ background: #eef; font-weight: normal }}
.end {{ text-align: center; margin-top: 8pt }}
</style></head><body>
<h1>{escape(data.title)}</h1>
<p>委托单位：{escape(data.client)}　任务来源：{escape(data.task)}　检验类别：{escape(data.inspection_type)}</p>
<table>{samples}</table>
<p>检测日期：{data.tested_from} 至 {data.tested_to}</p>
<table><thead><tr><th>序号</th><th>检测项目</th><th>检测方法</th><th>单位</th><th>检测结果</th><th>限量值</th>
<th>判定依据</th><th>单项判定</th></tr></thead><tbody>{rows}</tbody></table>
{out_of_scope}<p>检验结论：{escape(data.conclusion)}</p>
<table><tr>{signoffs}</tr></table><p>签发日期：{data.issued_on}</p>
<ol>{statements}</ol><p class="end">（以下空白）</p>
</body></html>"""


def weasyprint_ratio(render_ms: float, render_cpu_ms: float, runs: int) -> None:
    """The same report through WeasyPrint (the HTML engine SENAITE prints with), when installed:
    `pip install '.[bench]'` (it needs Debian's libpango-1.0-0 and libpangoft2-1.0-0)."""
    try:
        import weasyprint  # type: ignore[import-not-found]
    except (ImportError, OSError) as exc:  # OSError: the package is there, Pango is not
        print(f"WeasyPrint: not available ({type(exc).__name__}: {exc}); no HTML comparison "
              "(pip install '.[bench]')")
        return
    html = report_html(long_report())
    document = weasyprint.HTML(string=html).render()
    pdf = document.write_pdf()
    laid_out, _, _ = timed(lambda: weasyprint.HTML(string=html).render(), max(3, runs // 10))
    wall, cpu, _ = timed(lambda: weasyprint.HTML(string=html).write_pdf(), max(3, runs // 10))
    line(f"WeasyPrint {weasyprint.__version__}: same report as HTML (median)", f"{wall:.0f} ms (cpu {cpu:.0f})", "")
    line("  of which HTML layout", f"{laid_out:.0f} ms", "")
    line("  the rest: PDF, mostly subsetting the CJK font", f"{wall - laid_out:.0f} ms", "")
    print(f"  WeasyPrint's PDF: {len(document.pages)} page(s), {len(pdf) / 1024:.0f} KiB; "
          f"WeasyPrint takes {wall / render_ms:.0f}x reportlab's time "
          f"({cpu / max(render_cpu_ms, 0.001):.0f}x its CPU time)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--many", type=int, default=300, help="reports rendered in the memory child")
    parser.add_argument("--batch", type=int, default=1000, help="reports issued in the batch figure (0: none)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--batch-child", nargs=3, metavar=("DB", "OUT", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--only-batch", action="store_true", help="measure the batch figure alone")
    args = parser.parse_args()
    if args.child:
        memory_child(args.child)
        return
    if args.batch_child:
        batch_child(args.batch_child[0], args.batch_child[1], int(args.batch_child[2]))
        return
    if args.only_batch:
        batch_memory(args.batch)
        return

    data = long_report()
    rendered = compose_report(data)
    print(f"report: {rendered.pages} pages, {len(data.rows)} result rows, {len(rendered.pdf) / 1024:.0f} KiB")
    started = time.perf_counter()
    identity = self_signed_identity("王芳", data.lab.name)
    print(f"self-signed RSA-2048 test identity made in {(time.perf_counter() - started) * 1000:.0f} ms (once)")

    render_wall, render_cpu, render_best = timed(lambda: compose_report(data), args.runs)
    line("render a 2-page report (median)", f"{render_wall:.1f} ms (cpu {render_cpu:.1f})", "<= 50 ms")
    line("  fastest run", f"{render_best:.1f} ms", "")

    def render_and_sign() -> None:
        out = compose_report(data)
        sign_pdf(out.pdf, identity, reason="批准签发检验检测报告", location="阿鲁科尔沁旗", box=out.signature_box)

    sign_wall, sign_cpu, sign_best = timed(render_and_sign, args.runs)
    line("render + sign it (median)", f"{sign_wall:.1f} ms (cpu {sign_cpu:.1f})", "<= 150 ms")
    line("  fastest run", f"{sign_best:.1f} ms", "")
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} processors while measuring")

    child = subprocess.run([sys.executable, __file__, "--child", str(args.many)], check=True,
                           capture_output=True, text=True)
    early, late = (int(v) / 1024 for v in child.stdout.split())
    line(f"peak RSS rendering {args.many} reports", f"{late:.0f} MiB", "(no target; flat is what matters)")
    line(f"RSS growth after the first {max(1, args.many // 10)}", f"{late - early:+.1f} MiB", "~0 (no leak)")

    weasyprint_ratio(render_wall, render_cpu, args.runs)
    if args.batch > 0:
        batch_memory(args.batch)


if __name__ == "__main__":
    main()
