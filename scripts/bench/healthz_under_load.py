#!/usr/bin/env python3
"""/healthz latency while the worst previews a person can send are rendered.

Usage: healthz_under_load.py BASE_URL EMAIL PASSWORD

Signs in, then keeps 8 previews of 400,000 characters in flight (each input is one of the
hardest cases of render_bench: deep quotes, emphasis runs, link brackets, raw unclosed HTML) for
about 10 seconds while /healthz is asked every 20 ms. Prints the previews' times and answers and
the /healthz latencies (p50, p99, max). Asserts nothing: `make bench` reports figures.
"""
import http.cookiejar
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

base, email, password = sys.argv[1], sys.argv[2], sys.argv[3]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
HEADERS = {
    "Origin": base,
    "Sec-Fetch-Site": "same-origin",
    "Accept": "application/json",
    "Content-Type": "application/x-www-form-urlencoded",
}


def post(path, fields, opener=opener):
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(base + path, data=data, headers=HEADERS)
    try:
        with opener.open(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError) as error:
        # A body over the limit is answered 413 before it is all sent: the upload then breaks.
        return 413 if "Broken pipe" in str(error) or isinstance(error, BrokenPipeError) else 0


status = post("/api/account/sign-in", {"email": email, "password": password})
if status != 200:
    sys.exit(f"healthz_under_load: sign-in answered {status}")

LENGTH = 400_000
inputs = {
    "nested quotes": ">" * (LENGTH - 5) + " fond",
    "emphasis runs": "*_" * (LENGTH // 2),
    "link brackets": "[" * LENGTH,
    "raw HTML": "<div><span onclick=x>" * (LENGTH // 21),
}
stop = time.monotonic() + 10
previews = []  # (kind, seconds, status)
lock = threading.Lock()


def previewer(kind, text):
    while time.monotonic() < stop:
        started = time.monotonic()
        status = post("/api/drafts/preview", {"body": text})
        with lock:
            previews.append((kind, time.monotonic() - started, status))


threads = [
    threading.Thread(target=previewer, args=item)
    for item in list(inputs.items()) * 2
]
for thread in threads:
    thread.start()
time.sleep(0.2)
latencies = []
while time.monotonic() < stop:
    started = time.monotonic()
    with urllib.request.urlopen(base + "/healthz", timeout=60) as response:
        response.read()
    latencies.append((time.monotonic() - started) * 1000)
    time.sleep(0.02)
for thread in threads:
    thread.join()

latencies.sort()
p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
print(f"/healthz during 8 concurrent worst-case previews (400,000 characters): "
      f"{len(latencies)} answers, p50 {statistics.median(latencies):.1f} ms, "
      f"p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms")
for kind in inputs:
    times = sorted(t for k, t, s in previews if k == kind and s == 200)
    refused = sum(1 for k, t, s in previews if k == kind and s == 429)
    other = sorted({s for k, t, s in previews if k == kind and s not in (200, 429)})
    if times:
        print(f"  preview {kind:<14} {len(times):>4} rendered, median {statistics.median(times) * 1000:7.1f} ms, "
              f"max {times[-1] * 1000:7.1f} ms; {refused} refused (429){'; other: ' + str(other) if other else ''}")
    else:
        print(f"  preview {kind:<14} none rendered; {refused} refused (429); other: {other}")
