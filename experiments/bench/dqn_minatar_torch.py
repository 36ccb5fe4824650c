"""PyTorch reference for `deeper bench dqn --pytorch`: MinAtar's reference DQN configuration
(Young & Tian 2019, examples/dqn.py) timed the way `deeper bench dqn` times ours: after
the replay start, one batch-32 update per frame plus the acting forward pass, frames/s over
`--frames` timed frames.

Network: conv 16 3x3 stride 1 valid, ReLU, dense 128 ReLU, dense 6 (10x10x4 input, NCHW).
Update: y = r + 0.99 (1 - terminated) max_a' Q(s', a'; target), Huber loss on Q(s, a),
centered RMSprop (lr 2.5e-4, alpha 0.95, eps 0.01), target copied every 1,000 updates;
epsilon-greedy acting (epsilon 0.1 after the schedule, so most frames run the network).
Replay: a numpy ring of 100,000 transitions (uint8 observations), uniform batches of 32.

No Python MinAtar is installed here, so the env is a stand-in: random 10x10x4 grids with
about 10 % of cells set, random rewards, an episode end every ~100 frames. The real Python
Breakout runs 66.7k steps/s here (README), about 15 us a step, well under 1 % of a frame.

The issue's baseline is PyTorch 1.13 on OpenBLAS. Debian's python3-torch calls whatever
libblas.so.3 the alternatives system names, and without libopenblas0 installed that is the
reference (netlib) BLAS, single-threaded and unblocked, which runs the dense layers (the
1024x128 layer's forward and backward GEMMs) several times slower (experiments/bench/
dcgan_torch.py found the same for its model). So this script reports the BLAS it loaded
("blas" in its line, with a warning on stderr for the reference one), and --blas-dir DIR
runs it on the libblas.so.3 in DIR (for example OpenBLAS unpacked without installing it:
apt-get download libopenblas0-pthread && dpkg-deb -x libopenblas0-pthread_*.deb x, then
--blas-dir x/usr/lib/x86_64-linux-gnu/openblas-pthread). OPENBLAS_NUM_THREADS defaults to
--threads and OMP_WAIT_POLICY to PASSIVE (spin-waiting OpenMP workers competed with the
BLAS threads for two cores in dcgan_torch.py), both set before torch loads.

Run: python3 experiments/bench/dqn_minatar_torch.py [--threads 2] [--frames 1000]
     [--learning-starts 500] [--blas-dir DIR]
Prints one JSON line {"name": "dqn-train", "backend": "pytorch-cpu", "unit": "frames/s", ...}.
"""
import argparse
import json
import os
import sys
import time




def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--frames", type=int, default=1000)
    p.add_argument("--learning-starts", type=int, default=500)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--blas-dir", help="a folder whose libblas.so.3 PyTorch should load (re-runs this script with it first on LD_LIBRARY_PATH)")
    return p.parse_args()


from torch_blas import loaded_blas, use_blas, warn_unless_openblas  # noqa: E402  (this folder, beside the script)

ARGS = parse_args()
use_blas("dqn_minatar_torch.py", ARGS.blas_dir, ARGS.threads)

import numpy as np  # noqa: E402  (after the environment above, which the libraries read when they load)
import torch  # noqa: E402
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


class QNetwork(nn.Module):
    def __init__(self, channels: int, actions: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, 16, kernel_size=3, stride=1)
        self.hidden = nn.Linear(8 * 8 * 16, 128)
        self.out = nn.Linear(128, actions)

    def forward(self, x):
        x = F.relu(self.conv(x))
        x = F.relu(self.hidden(x.flatten(1)))
        return self.out(x)


def main() -> None:
    a = ARGS
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    channels, actions, capacity, batch = 4, 6, 100_000, 32
    q, target = QNetwork(channels, actions), QNetwork(channels, actions)
    target.load_state_dict(q.state_dict())
    opt = torch.optim.RMSprop(q.parameters(), lr=2.5e-4, alpha=0.95, centered=True, eps=0.01)
    obs_buf = np.zeros((capacity, channels, 10, 10), np.uint8)
    next_buf = np.zeros_like(obs_buf)
    act_buf = np.zeros(capacity, np.int64)
    rew_buf = np.zeros(capacity, np.float32)
    term_buf = np.zeros(capacity, np.float32)
    size = 0
    pos = 0
    updates = 0

    def env_step():
        o = (rng.random((channels, 10, 10)) < 0.1).astype(np.uint8)
        return o, float(rng.random() < 0.05), bool(rng.random() < 0.01)

    obs, _, _ = env_step()
    total = a.learning_starts + a.frames
    start = 0.0
    for frame in range(total):
        if frame == a.learning_starts:
            start = time.perf_counter()
        if frame < a.learning_starts or rng.random() < 0.1:
            action = int(rng.integers(actions))
        else:
            with torch.no_grad():
                action = int(q(torch.from_numpy(obs).float().unsqueeze(0)).argmax(1).item())
        nxt, reward, done = env_step()
        obs_buf[pos], next_buf[pos], act_buf[pos], rew_buf[pos], term_buf[pos] = obs, nxt, action, reward, float(done)
        pos = (pos + 1) % capacity
        size = min(size + 1, capacity)
        obs = nxt
        if frame >= a.learning_starts:
            idx = rng.integers(0, size, batch)
            s = torch.from_numpy(obs_buf[idx]).float()
            s2 = torch.from_numpy(next_buf[idx]).float()
            act = torch.from_numpy(act_buf[idx])
            r = torch.from_numpy(rew_buf[idx])
            term = torch.from_numpy(term_buf[idx])
            with torch.no_grad():
                y = r + 0.99 * (1 - term) * target(s2).max(1).values
            q_sa = q(s).gather(1, act.unsqueeze(1)).squeeze(1)
            loss = F.smooth_l1_loss(q_sa, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss.item()
            updates += 1
            if updates % 1000 == 0:
                target.load_state_dict(q.state_dict())
    seconds = time.perf_counter() - start
    blas = loaded_blas()
    warn_unless_openblas("dqn_minatar_torch.py", blas, "its dense layers are")
    print(json.dumps({
        "name": "dqn-train", "env": "MinAtar/Breakout-v0 (stand-in)", "backend": "pytorch-cpu", "unit": "frames/s",
        "value": round(a.frames / seconds, 1), "frames": a.frames, "threads": a.threads, "torch": torch.__version__,
        "blas": blas, "omp_wait_policy": os.environ["OMP_WAIT_POLICY"],
    }))


if __name__ == "__main__":
    main()
