"""Which BLAS Debian's PyTorch loads, and running a benchmark on another one.

Debian's python3-torch calls whatever libblas.so.3 the alternatives system names; without
libopenblas0 installed that is the reference (netlib) BLAS, several times slower than the
OpenBLAS the issues' baselines name. The PyTorch twins of deeper's benchmarks import this
before torch: `use_blas(script, blas_dir, threads)` re-runs the script with `blas_dir` first
on LD_LIBRARY_PATH (an unpacked libopenblas0-pthread, nothing installed), makes OpenMP's
idle workers wait passively (spinning ones took the cores from OpenBLAS's threads here) and
sizes OpenBLAS's pool; `loaded_blas()` names the library the process mapped and
`warn_unless_openblas` says so on stderr when it is not OpenBLAS. `median_step_seconds` is
the twins' one timing rule: warm-up steps untimed, then the median of the timed ones.
"""
import os
import statistics
import sys
import time
from typing import Callable


def use_blas(script: str, blas_dir: str | None, threads: int) -> None:
    """Re-executes this process with `blas_dir` on LD_LIBRARY_PATH if asked; sets the threading environment."""
    if blas_dir and not os.environ.get("LD_LIBRARY_PATH", "").startswith(blas_dir + ":"):
        if not os.path.exists(os.path.join(blas_dir, "libblas.so.3")):
            sys.exit(f"{script} expects --blas-dir to hold a libblas.so.3, but {blas_dir} has none")
        env = dict(os.environ, LD_LIBRARY_PATH=blas_dir + ":" + os.environ.get("LD_LIBRARY_PATH", ""))
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(threads))


def loaded_blas() -> str:
    """The BLAS shared object this process mapped: 'openblas:<path>', 'reference:<path>' or 'other:<path>'."""
    with open("/proc/self/maps") as maps:
        paths = sorted({os.path.realpath(line.split()[-1]) for line in maps if "blas" in line.rsplit("/", 1)[-1]})
    kinds = [("openblas" if "openblas" in p else "reference" if "/blas/" in p else "other", p) for p in paths]
    for kind, path in sorted(kinds, key=lambda k: k[0] != "openblas"):
        return f"{kind}:{path}"
    return "none"


def warn_unless_openblas(script: str, blas: str, slower: str) -> None:
    """One stderr line when `blas` (from loaded_blas) is not OpenBLAS; `slower` says what suffers."""
    if not blas.startswith("openblas"):
        print(f"{script}: PyTorch runs on {blas}, not OpenBLAS (the issue's baseline); {slower} several times slower "
              "there. Install libopenblas0 or pass --blas-dir (see torch_blas.py).", file=sys.stderr, flush=True)


def median_step_seconds(step: Callable[[], None], warmup: int, timed: int) -> float:
    """Runs `step` warmup + timed times and returns the median wall time of the timed runs."""
    seconds = []
    for i in range(warmup + timed):
        started = time.perf_counter()
        step()
        if i >= warmup:
            seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)
