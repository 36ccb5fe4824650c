"""Which BLAS Debian's PyTorch loads, and running a benchmark on another one.

Debian's python3-torch calls whatever libblas.so.3 the alternatives system names; without
libopenblas0 installed that is the reference (netlib) BLAS, several times slower than the
OpenBLAS the issues' baselines name. The PyTorch twins of deeper's benchmarks import this
before torch: `use_blas(script, blas_dir, threads)` re-runs the script with `blas_dir` first
on LD_LIBRARY_PATH (an unpacked libopenblas0-pthread, nothing installed), makes OpenMP's
idle workers wait passively (spinning ones took the cores from OpenBLAS's threads here) and
sizes OpenBLAS's pool; `loaded_blas()` names the library the process mapped.
"""
import os
import sys


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
