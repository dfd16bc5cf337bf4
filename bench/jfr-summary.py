#!/usr/bin/env python3
"""Summarises a JFR recording of a node under load: where CPU samples and allocations go.

Usage: bench/jfr-summary.py RECORDING.jfr [--top N] [--thread-prefix PREFIX]

Record with, for example:
  MUNINN_BENCH_NODE_OPTS='-XX:StartFlightRecording=filename=/tmp/node.jfr,settings=profile' \
      bench/bench.sh --workloads rawreads --keep
It runs the JDK's `jfr print` on jdk.ExecutionSample (CPU) and jdk.ObjectAllocationSample (allocation, weighted by
bytes) and prints: the hottest frames by self samples, the inclusive share of each package group (a sample counts
once per group on its stack), and the allocation sites (first frame outside java.*/jdk.*) by bytes.
"""
import collections
import re
import subprocess
import sys

GROUPS = [
    ("dev.muninn", "Muninn's own code"),
    ("jetbrains.exodus", "Xodus storage"),
    ("org.jboss.resteasy", "RESTEasy (REST layer)"),
    ("io.quarkus.resteasy", "Quarkus REST glue"),
    ("io.quarkus.vertx", "Quarkus Vert.x glue"),
    ("io.vertx", "Vert.x"),
    ("io.netty", "Netty"),
    ("com.fasterxml.jackson", "Jackson"),
    ("io.micrometer", "Micrometer"),
    ("io.quarkus.micrometer", "Quarkus Micrometer"),
    ("io.quarkus.arc", "ArC (CDI)"),
    ("org.apache.ratis", "Ratis"),
    ("io.smallrye", "SmallRye"),
    ("java.", "JDK java.*"),
    ("sun.", "JDK sun.*"),
    ("jdk.", "JDK jdk.*"),
]

FRAME = re.compile(r"^\s+([\w.$<>/]+)\(", re.M)
THREAD = re.compile(r'sampledThread = "([^"]*)"|eventThread = "([^"]*)"')
WEIGHT = re.compile(r"weight = ([\d.]+) (bytes|kB|MB|GB)")
UNITS = {"bytes": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}


def events(recording, name):
    text = subprocess.run(["jfr", "print", "--events", name, "--stack-depth", "96", recording],
                          check=True, capture_output=True, text=True).stdout
    return text.split(name + " {")[1:]


def thread_of(event):
    match = THREAD.search(event)
    return (match.group(1) or match.group(2)) if match else ""


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    recording = argv[1]
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 25
    prefix = argv[argv.index("--thread-prefix") + 1] if "--thread-prefix" in argv else ""

    samples = [e for e in events(recording, "jdk.ExecutionSample") if thread_of(e).startswith(prefix)]
    self_frames = collections.Counter()
    groups = collections.Counter()
    threads = collections.Counter()
    for event in samples:
        frames = FRAME.findall(event)
        if not frames:
            continue
        self_frames[frames[0]] += 1
        threads[re.sub(r"\d+", "N", thread_of(event))] += 1
        seen = set()
        for frame in frames:
            for group, label in GROUPS:
                if frame.startswith(group) and label not in seen:
                    seen.add(label)
                    groups[label] += 1
                    break
    total = max(1, len(samples))
    print(f"CPU samples: {len(samples)}" + (f" (threads starting with {prefix!r})" if prefix else ""))
    print("\nthreads (digits folded):")
    for name, count in threads.most_common(10):
        print(f"  {100.0 * count / total:5.1f}%  {name}")
    print("\ninclusive share by package group (a sample counts once per group on its stack):")
    for label, count in groups.most_common():
        print(f"  {100.0 * count / total:5.1f}%  {label}")
    print(f"\nhottest frames (self):")
    for frame, count in self_frames.most_common(top):
        print(f"  {100.0 * count / total:5.1f}%  {frame}")

    allocations = [e for e in events(recording, "jdk.ObjectAllocationSample") if thread_of(e).startswith(prefix)]
    sites = collections.Counter()
    total_bytes = 0
    for event in allocations:
        weight = WEIGHT.search(event)
        if not weight:
            continue
        size = float(weight.group(1)) * UNITS[weight.group(2)]
        total_bytes += size
        frames = FRAME.findall(event)
        site = next((f for f in frames if not f.startswith(("java.", "jdk.", "sun."))), frames[0] if frames else "?")
        sites[site] += size
    print(f"\nallocation (sampled, weighted): {total_bytes / 1024 ** 2:.0f} MB in {len(allocations)} samples; "
          f"sites = first frame outside the JDK:")
    for site, size in sites.most_common(top):
        print(f"  {100.0 * size / max(1, total_bytes):5.1f}%  {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
