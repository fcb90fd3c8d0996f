#!/usr/bin/env python3
"""Memory benchmark of hostile uploads (docs/PERFORMANCE.md, "Uploads").

Starts the release binary with the demo data in a temporary directory, logs in as the demo
lab and sends each hostile file to POST /api/v1/reports/import, one at a time, sampling the
server's resident set (VmRSS in /proc/PID/status) every 5 ms. Then sends four of them at once,
repeatedly, while a fifth client scans the demo tag, and reports how many scans were answered
and their latency. Only the Python standard library is used.

    python3 bench/upload-memory.py            # builds target/release/rongma first
    RONGMA_BIN=path/to/rongma python3 bench/upload-memory.py

Prints one line per file: size, status, error code, RSS before, peak, growth (MiB).
Exits non-zero if an upload grows RSS by more than 64 MiB or a scan fails during the
concurrent part.
"""

import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zipfile

LIMIT_MIB = 64
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- hostile files ------------------------------------------------------------------------

XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def xlsx(write_sheet):
    """An XLSX whose sheet1.xml is streamed by write_sheet(file)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in XLSX_PARTS.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            write_sheet(f)
    return buf.getvalue()


def many_rows(rows):
    def write(f):
        f.write(SHEET_HEAD.encode())
        chunk = []
        for i in range(1, rows + 1):
            chunk.append(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>x</t></is></c></row>')
            if len(chunk) == 10000:
                f.write("".join(chunk).encode())
                chunk = []
        f.write("".join(chunk).encode())
        f.write(SHEET_TAIL.encode())

    return xlsx(write)


def inflates_to(total):
    def write(f):
        f.write(SHEET_HEAD.encode())
        block = b" " * (1 << 20)
        for _ in range(total >> 20):
            f.write(block)
        f.write(SHEET_TAIL.encode())

    return xlsx(write)


def invalid_csv(size, header=None):
    """The template's header (when given) and rows that fail every field."""
    columns = header.count(",") + 1 if header else 40
    header = header or ",".join(f"col{i}" for i in range(40))
    row = ",".join(["not-a-number"] * columns) + "\n"
    return (header + "\n" + row * (size // len(row))).encode()


def wide_csv(size):
    return (",".join(["x"] * (size // 2)) + "\n").encode()


def hostile_files(header):
    return [
        ("2M one-cell rows (XLSX)", "rows.xlsx", many_rows(2_000_000)),
        ("200k one-cell rows (XLSX)", "rows200k.xlsx", many_rows(200_000)),
        ("inflates to 1 GiB (XLSX)", "bomb.xlsx", inflates_to(1 << 30)),
        ("4 MB of invalid rows (CSV)", "invalid.csv", invalid_csv(4 << 20, header)),
        ("one 8 MB row (CSV)", "wide.csv", wide_csv(8 << 20)),
    ]


# --- the server ---------------------------------------------------------------------------


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.005)

    def finish(self):
        self.stop.set()
        self.join()
        return max(self.peak, rss_kib(self.pid))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, data=None, headers=None, method=None, timeout=120):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def multipart(name, content):
    boundary = "rongma-bench-boundary-7f3a"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def main():
    binary = os.environ.get("RONGMA_BIN")
    if not binary:
        subprocess.run(["cargo", "build", "-q", "--release", "-p", "rongma"], cwd=ROOT, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        binary = os.path.join(target, "release", "rongma")
    binary = os.path.abspath(binary)
    work = tempfile.mkdtemp(prefix="rongma-upload-bench-")
    port = free_port()
    env = dict(os.environ, RONGMA_LOG="warn", RONGMA_SCANS__SCANS_PER_NETWORK_PER_MINUTE="0")
    log = open(os.path.join(work, "server.log"), "w+")
    server = subprocess.Popen(
        [binary, "serve", "--demo", "--listen", f"127.0.0.1:{port}"],
        cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    failed = False
    try:
        for _ in range(600):
            try:
                if request(base + "/healthz", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        log.flush()
        log.seek(0)
        serial = re.search(r"/c/([0-9A-Z]+)", log.read()).group(1)
        status, body = request(
            base + "/api/v1/auth/login",
            json.dumps({"username": "lab-pinghu", "password": "lab-demo-2025"}).encode(),
            {"Content-Type": "application/json"},
        )
        assert status == 200, (status, body)
        token = json.loads(body)["token"]
        status, template = request(
            base + "/api/v1/reports/template?format=csv", headers={"Authorization": f"Bearer {token}"}
        )
        assert status == 200, status
        header = template.decode("utf-8-sig").splitlines()[0]
        files = hostile_files(header)

        def upload(name, content):
            data, ctype = multipart(name, content)
            status, body = request(
                base + "/api/v1/reports/import", data,
                {"Content-Type": ctype, "Authorization": f"Bearer {token}"}, "POST",
            )
            try:
                code = json.loads(body)["error"]["fields"][0]["code"]
            except (ValueError, KeyError, IndexError, TypeError):
                code = body[:60]
            return status, code

        # Warm up: the first request of each kind allocates pools and caches.
        request(base + f"/c/{serial}")
        upload("small.csv", invalid_csv(4096))
        print(f"{'file':<28} {'bytes':>10} {'status':>6} {'error':<20} "
              f"{'RSS before':>10} {'peak':>8} {'growth':>7}  (MiB)")
        for label, name, content in files:
            before = rss_kib(server.pid)
            sampler = Sampler(server.pid)
            sampler.start()
            status, code = upload(name, content)
            peak = sampler.finish()
            growth = (peak - before) / 1024
            failed |= growth > LIMIT_MIB or status < 400
            print(f"{label:<28} {len(content):>10} {status:>6} {str(code):<20} "
                  f"{before / 1024:>10.1f} {peak / 1024:>8.1f} {growth:>7.1f}")

        # Four hostile uploads at once, over and over, while a fifth client scans.
        stop = threading.Event()
        scans, scan_failures, latencies = [0], [0], []

        def scanner():
            while not stop.is_set():
                t = time.perf_counter()
                try:
                    ok = request(base + f"/c/{serial}", timeout=10)[0] == 200
                except OSError:
                    ok = False
                latencies.append(time.perf_counter() - t)
                scans[0] += 1
                scan_failures[0] += 0 if ok else 1

        uploads = [0]

        def uploader(name, content):
            while not stop.is_set():
                upload(name, content)
                uploads[0] += 1

        before = rss_kib(server.pid)
        sampler = Sampler(server.pid)
        sampler.start()
        threads = [threading.Thread(target=scanner)] + [
            threading.Thread(target=uploader, args=(name, content)) for _, name, content in (files[0], files[2], files[3], files[4])
        ]
        for t in threads:
            t.start()
        time.sleep(float(os.environ.get("SECONDS_CONCURRENT", "20")))
        stop.set()
        for t in threads:
            t.join()
        peak = sampler.finish()
        latencies.sort()
        p50 = latencies[len(latencies) // 2] * 1000 if latencies else float("nan")
        p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else float("nan")
        print(f"4 concurrent hostile uploaders: {uploads[0]} uploads refused, RSS {before / 1024:.1f} → "
              f"peak {peak / 1024:.1f} MiB (growth {(peak - before) / 1024:.1f}); "
              f"scans answered {scans[0] - scan_failures[0]}/{scans[0]}, p50 {p50:.1f} ms, p99 {p99:.1f} ms")
        failed |= scan_failures[0] > 0 or scans[0] == 0
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
