"""PyTorch twins for `deeper vision bench --pytorch`: the default model of each @deeper/vision
task and its training step, timed the same way as ours (warm-up steps untimed, the median
of the timed ones). Prints one JSON line, like `deeper vision bench --json`.

  segment  FCN-8s (packages/vision/src/segment/fcn8s.ts): input 64x84x1 zero-padded to 64x96;
           five VGG stages of 16, 32, 64, 128, 128 filters, two 3x3 conv-BN-ReLU each, 2x2 max
           pool; fc6 a 2x2 conv of 256 (pool5 is 2x3), fc7 1x1 of 256, both with BN and ReLU;
           1x1 score layers (11 classes) on fc7, pool4, pool3; learnt 2x transposed convs
           (kernel 4), a fixed 8x one (kernel 16); per-pixel softmax cross-entropy; batch 16.
  ssd      the single-shot detector (ssd.ts): input 128x128x1; four VGG stages of 16, 32, 64,
           128 filters (two conv-BN-ReLU each, max pool); on the stride-8 and stride-16 maps a
           3x3 conv-BN-ReLU (64, 128) then a 3x3 conv to 6 boxes x (11 + 4); 1,920 boxes;
           MultiBox loss with 3:1 hard negatives (multibox-loss.ts); batch 16.
  faster-rcnn  Faster R-CNN (faster-rcnn.ts, faster-rcnn-loss.ts) on the same 128x128 grey scenes:
           three VGG stages of 16, 32, 64 filters (two conv-BN-ReLU each, max pool) to a 16x16
           stride-8 map; the RPN's 3x3 conv of 64 (bias, ReLU) and 1x1 convs to 9 logits and 36
           deltas per cell (heights 12, 20, 32 x aspect ratios 1, 0.6, 0.3: 2,304 anchors). One
           approximate-joint step: 256 sampled anchors per image (up to half positive) for the
           RPN's logistic and smooth-L1 losses; proposals (decode, clip, sides >= 4 px, best
           1,000, NMS at IoU 0.7 to 64) as constants; 32 RoIs per image from the proposals and
           the true boxes (up to 25 % with IoU >= 0.5); RoIAlign 7x7 with 2x2 samples per bin
           (half-pixel aligned, clamped to the map); fc 256, fc 256, 11 class logits, 4 deltas
           per class; softmax and smooth-L1 losses; batch 16. Proposals, NMS and RoIAlign are
           plain torch ops (no torchvision). The anchors' labels are assigned once, before
           timing, as trainFasterRcnn assigns them.
  caption  NIC (nic.ts): input 64x64x3; three VGG stages of 16, 32, 64 filters (one
           conv-BN-ReLU, max pool), flattened (or averaged: --image-pooling average) into a
           64-wide image embedding, the first input of an LSTM of 128 units fed 64-wide word
           embeddings; a linear layer to the vocabulary at every step; masked cross-entropy;
           batch 32.
  style    Gatys et al. on the random styleNet (style-net.ts): 64x64x3 image, three stages of
           32, 64, 128 filters (two 3x3 conv-ReLU each, 2x2 average pool between stages);
           content at the last conv, Gram style losses at each stage's first; TV; weights 1,
           1e4, 1; Adam at 0.02 on the image, clipped to [0, 1] after each step; the four
           loss values read back each step, as styleTransfer reads them for its events.

Each line carries the model's parameter count as Keras counts it (batch norm's moving
statistics included); NIC's is 512 above ours because PyTorch's LSTM has two bias vectors.
Every step ends by reading back the loss (and what ours reads: the segmentation's right
pixels, the captioner's right words, the detector's matched boxes, Faster R-CNN's right and
all foreground RoIs), as our loop does. Inputs are random with the real shapes; the
detector's labels put --matched-per-image matched boxes on each image at random anchors;
Faster R-CNN's images hold --objects-per-image true boxes on average (counts differing by at
most one between images), each 10-36 px tall with width/height in [0.2, 1.4] like the
generated digits' ink boxes, anywhere in the image (the generator keeps pairs below IoU 0.25;
these may overlap more). Keras's batch-norm epsilon (1e-3) and momentum (0.99) are kept.
Threads, BLAS and OpenMP waiting as in torch_blas.py.

Run: /usr/bin/python3 experiments/bench/vision_torch.py --task segment|ssd|faster-rcnn|caption|style
     [--threads 1] [--batches 8] [--warmup 2] [--blas-dir DIR]
"""
import argparse
import json
import os
import statistics
import sys


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--task", required=True, choices=["segment", "ssd", "faster-rcnn", "caption", "style"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batches", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--matched-per-image", type=float, default=12.0, help="ssd: matched default boxes per image")
    parser.add_argument("--objects-per-image", type=float, default=3.5, help="faster-rcnn: mean true boxes per image")
    parser.add_argument("--vocabulary", type=int, default=25, help="caption: words, the special tokens included")
    parser.add_argument("--max-length", type=int, default=39, help="caption: word positions fed")
    parser.add_argument("--image-pooling", default="flatten", choices=["flatten", "average"])
    parser.add_argument("--blas-dir", help="a folder whose libblas.so.3 PyTorch should load")
    return parser.parse_args()


from torch_blas import loaded_blas, median_step_seconds, use_blas, warn_unless_openblas  # noqa: E402  (this folder, beside the script)

ARGS = parse_args()
use_blas("vision_torch.py", ARGS.blas_dir, ARGS.threads)

import torch  # noqa: E402
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def conv_bn_relu(cin: int, cout: int, kernel: int = 3, padding="same") -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, kernel, padding=padding, bias=False), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01), nn.ReLU()]


def vgg_stage(cin: int, cout: int, convs: int) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i in range(convs):
        layers += conv_bn_relu(cin if i == 0 else cout, cout)
    return nn.Sequential(*layers, nn.MaxPool2d(2))


class Fcn8s(nn.Module):
    def __init__(self, classes: int = 11) -> None:
        super().__init__()
        filters = [16, 32, 64, 128, 128]
        self.stages = nn.ModuleList(vgg_stage(cin, cout, 2) for cin, cout in zip([1] + filters[:-1], filters))
        self.fc = nn.Sequential(*conv_bn_relu(128, 256, 2), *conv_bn_relu(256, 256, 1))
        self.score_fr = nn.Conv2d(256, classes, 1)
        self.score_pool4 = nn.Conv2d(128, classes, 1)
        self.score_pool3 = nn.Conv2d(64, classes, 1)
        self.up2 = nn.ConvTranspose2d(classes, classes, 4, stride=2, padding=1)
        self.up_pool4 = nn.ConvTranspose2d(classes, classes, 4, stride=2, padding=1)
        self.up8 = nn.ConvTranspose2d(classes, classes, 16, stride=8, padding=4)
        self.up8.requires_grad_(False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.pad(x, (6, 6, 0, 0))
        pools = []
        for stage in self.stages:
            x = stage(x)
            pools.append(x)
        fuse4 = self.up2(self.score_fr(self.fc(x))) + self.score_pool4(pools[3])
        fuse3 = self.up_pool4(fuse4) + self.score_pool3(pools[2])
        return self.up8(fuse3)[:, :, :, 6:90]


class Ssd(nn.Module):
    def __init__(self, classes: int = 10, boxes_per_cell: int = 6) -> None:
        super().__init__()
        filters = [16, 32, 64, 128]
        self.stages = nn.ModuleList(vgg_stage(cin, cout, 2) for cin, cout in zip([1] + filters[:-1], filters))
        self.channels = classes + 1 + 4
        self.heads = nn.ModuleList(
            nn.Sequential(*conv_bn_relu(f, f), nn.Conv2d(f, boxes_per_cell * self.channels, 3, padding=1)) for f in (64, 128))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        maps = []
        for stage in self.stages:
            x = stage(x)
            maps.append(x)
        out = [head(m).permute(0, 2, 3, 1).reshape(x.shape[0], -1, self.channels) for head, m in zip(self.heads, maps[2:])]
        return torch.cat(out, 1)


def smooth_l1(x: torch.Tensor) -> torch.Tensor:
    ax = x.abs()
    m = ax.clamp(max=1)
    return 0.5 * m * m + ax - m


def multibox_loss(outputs: torch.Tensor, labels: torch.Tensor, offsets: torch.Tensor, ratio: int = 3) -> tuple[torch.Tensor, int]:
    classes = outputs.shape[2] - 4
    conf = F.cross_entropy(outputs[..., :classes].reshape(-1, classes), labels.reshape(-1), reduction="none").reshape(labels.shape)
    positive = labels > 0
    select = positive.clone()
    with torch.no_grad():
        mined = conf.detach().masked_fill(positive, -1.0)
        order = mined.argsort(1, descending=True)
        for b in range(labels.shape[0]):
            k = min(int(positive[b].sum()) * ratio, int((~positive[b]).sum()))
            select[b, order[b, :k]] = True
    positives = int(positive.sum())
    loc = smooth_l1(outputs[..., classes:] - offsets).sum(-1)
    return ((conf * select).sum() + (loc * positive).sum()) / positives, positives


# Faster R-CNN: anchors and boxes as (cx, cy, w, h) or corners (x0, y0, x1, y1), input pixels.
CENTRE_VARIANCE, SIZE_VARIANCE = 0.1, 0.2  # box-coding.ts


def faster_rcnn_anchors(size: int = 128, stride: int = 8, heights=(12, 20, 32), ratios=(1.0, 0.6, 0.3)) -> torch.Tensor:
    """(cx, cy, w, h) per anchor, row-major over cells, then heights, then ratios: the RPN's output order (anchors.ts)."""
    cells = size // stride
    ys, xs = torch.meshgrid(torch.arange(cells), torch.arange(cells), indexing="ij")
    centres = (torch.stack([xs, ys], -1).reshape(-1, 1, 2).float() + 0.5) * stride
    sizes = torch.tensor([[h * r, h] for h in heights for r in ratios], dtype=torch.float32)
    return torch.cat([centres.expand(-1, len(sizes), 2), sizes.expand(cells * cells, -1, 2)], -1).reshape(-1, 4)


def corners(b: torch.Tensor) -> torch.Tensor:
    return torch.cat([b[..., :2] - b[..., 2:] / 2, b[..., :2] + b[..., 2:] / 2], -1)


def box_iou(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """IoU of corner boxes a [..., m, 4] and b [..., k, 4]: [..., m, k] (box.ts's boxIou)."""
    a, b = a[..., :, None, :], b[..., None, :, :]
    w = (torch.minimum(a[..., 2], b[..., 2]) - torch.maximum(a[..., 0], b[..., 0])).clamp(min=0)
    h = (torch.minimum(a[..., 3], b[..., 3]) - torch.maximum(a[..., 1], b[..., 1])).clamp(min=0)
    inter = w * h
    union = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1]) + (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1]) - inter
    return torch.where(union > 0, inter / union.clamp(min=1e-12), torch.zeros_like(inter))


def encode_boxes(g: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
    """Offsets of corner boxes g against (cx, cy, w, h) boxes a (encodeBox)."""
    gw, gh = g[:, 2] - g[:, 0], g[:, 3] - g[:, 1]
    return torch.stack([((g[:, 0] + g[:, 2]) / 2 - a[:, 0]) / (a[:, 2] * CENTRE_VARIANCE), ((g[:, 1] + g[:, 3]) / 2 - a[:, 1]) / (a[:, 3] * CENTRE_VARIANCE),
                        torch.log(gw / a[:, 2]) / SIZE_VARIANCE, torch.log(gh / a[:, 3]) / SIZE_VARIANCE], -1)


def decode_boxes(t: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
    """Corner boxes that offsets t [..., 4] give on (cx, cy, w, h) boxes a (decodeBox)."""
    centre = a[..., :2] + t[..., :2] * CENTRE_VARIANCE * a[..., 2:]
    size = a[..., 2:] * torch.exp(t[..., 2:] * SIZE_VARIANCE)
    return torch.cat([centre - size / 2, centre + size / 2], -1)


def rpn_targets(anchors: torch.Tensor, boxes: torch.Tensor, size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """One image's anchor labels (1, 0, -1 ignored) and offsets (assignRpnTargets): IoU >= 0.7 or a box's best, < 0.3; cross-boundary ignored."""
    a = corners(anchors)
    inside = (a >= 0).all(1) & (a <= size).all(1)
    iou = box_iou(a, boxes) * inside[:, None]
    best, owner = iou.max(1)
    labels = torch.full((len(anchors),), -1, dtype=torch.long)
    labels[inside & (best < 0.3)] = 0
    labels[inside & (best >= 0.7)] = 1
    box_best = iou.max(0).values
    labels[inside & ((iou == box_best) & (box_best > 0)).any(1)] = 1
    offsets = torch.zeros(len(anchors), 4)
    positive = labels == 1
    offsets[positive] = encode_boxes(boxes[owner[positive]], anchors[positive])
    return labels, offsets


def sample_anchors(labels: torch.Tensor, g: torch.Generator, per_image: int = 256, positive_fraction: float = 0.5) -> tuple[torch.Tensor, torch.Tensor]:
    """Each image's RPN minibatch (sampleAnchors): up to 128 random positives, negatives to 256. Weights and targets [n, A]."""
    key = torch.rand(labels.shape, generator=g)

    def draw(mask: torch.Tensor, counts: torch.Tensor) -> torch.Tensor:
        rank = torch.where(mask, key, torch.full_like(key, -1.0)).argsort(1, descending=True).argsort(1)
        return mask & (rank < counts[:, None])
    positive = draw(labels == 1, torch.full((len(labels),), int(per_image * positive_fraction)))
    negative = draw(labels == 0, per_image - positive.sum(1))
    return (positive | negative).float(), positive.float()


def batched_nms(boxes: torch.Tensor, valid: torch.Tensor, keep: int, threshold: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Greedy NMS of each row's boxes [n, m, 4], best first (tf.image.nonMaxSuppression: IoU >= threshold suppresses).
    The kept indices [n, keep] and whether each is real [n, keep]."""
    remaining = valid.clone()
    rows = torch.arange(len(boxes))
    chosen, real = [], []
    for _ in range(keep):
        i = remaining.to(torch.uint8).argmax(1)  # the first box still standing
        alive = remaining[rows, i]
        if not alive.any():
            break
        chosen.append(i)
        real.append(alive)
        remaining &= box_iou(boxes[rows, i][:, None], boxes)[:, 0] < threshold
    if not chosen:
        return torch.zeros(len(boxes), 0, dtype=torch.long), torch.zeros(len(boxes), 0, dtype=torch.bool)
    return torch.stack(chosen, 1), torch.stack(real, 1)


def propose_regions(objectness: torch.Tensor, deltas: torch.Tensor, anchors: torch.Tensor, size: int,
                    pre_nms: int = 1000, post_nms: int = 64, nms_iou: float = 0.7, min_size: float = 4) -> list[torch.Tensor]:
    """Each image's proposals (proposeRegions, training defaults): decoded, clipped, sides >= min_size, the best pre_nms, NMS to post_nms."""
    order = torch.sort(objectness, dim=1, descending=True, stable=True).indices
    boxes = decode_boxes(deltas.gather(1, order[..., None].expand(-1, -1, 4)), anchors[order]).clamp(0, size)
    valid = ((boxes[..., 2] - boxes[..., 0]) >= min_size) & ((boxes[..., 3] - boxes[..., 1]) >= min_size)
    # The valid boxes first, in score order; then the best pre_nms of them.
    first = torch.sort((~valid).to(torch.uint8), dim=1, stable=True).indices[:, :pre_nms]
    boxes, valid = boxes.gather(1, first[..., None].expand(-1, -1, 4)), valid.gather(1, first)
    kept, real = batched_nms(boxes, valid, post_nms, nms_iou)
    return [boxes[b, kept[b][real[b]]] for b in range(len(boxes))]


def sample_rois(proposals: torch.Tensor, boxes: torch.Tensor, classes: torch.Tensor, g: torch.Generator,
                per_image: int = 32, foreground_fraction: float = 0.25, foreground_iou: float = 0.5) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """One image's head RoIs (sampleRois): proposals and true boxes; up to 8 foreground (IoU >= 0.5), background to 32. RoIs, labels (0 background), offsets."""
    candidates = torch.cat([proposals, boxes])
    best, owner = box_iou(candidates, boxes).max(1)
    foreground = (best >= foreground_iou).nonzero()[:, 0]
    background = (best < foreground_iou).nonzero()[:, 0]
    foreground = foreground[torch.randperm(len(foreground), generator=g)[:round(per_image * foreground_fraction)]]
    background = background[torch.randperm(len(background), generator=g)[:per_image - len(foreground)]]
    rois = candidates[torch.cat([foreground, background])]
    labels = torch.cat([1 + classes[owner[foreground]], torch.zeros(len(background), dtype=torch.long)])
    offsets = torch.zeros(len(rois), 4)
    fg = rois[:len(foreground)]
    offsets[:len(foreground)] = encode_boxes(boxes[owner[foreground]], torch.cat([(fg[:, :2] + fg[:, 2:]) / 2, fg[:, 2:] - fg[:, :2]], 1))
    return rois, labels, offsets


def roi_align(features: torch.Tensor, rois: torch.Tensor, image_of: torch.Tensor, pool: int = 7, sampling: int = 2, stride: int = 8) -> torch.Tensor:
    """RoIAlign (roi-align.ts) of features [n, C, H, W] over corner RoIs [R, 4]: [R, P, P, C], each bin the mean of
    S x S bilinear samples; input x maps to x / stride - 0.5 cells, samples clamped to the map. As ours, y = A F
    with a sparse A whose row per bin holds its 4 S^2 (cell, weight) terms; autograd applies A's transpose."""
    _, c, h, w = features.shape
    cells = features.permute(0, 2, 3, 1).reshape(-1, c)
    steps = (torch.arange(pool * sampling, dtype=torch.float32) + 0.5) / sampling  # bin i, sample s at i + (s + 0.5) / S
    start = rois[:, :2] / stride - 0.5
    bin_size = (rois[:, 2:] - rois[:, :2]) / stride / pool

    def neighbours(axis: int, size: int) -> tuple[torch.Tensor, torch.Tensor]:
        """The two cells around each sample along `axis` and their bilinear weights: [R, P, S, 2] each."""
        v = (start[:, axis, None] + steps * bin_size[:, axis, None]).clamp(0, size - 1).reshape(len(rois), pool, sampling)
        low = v.floor()
        return torch.stack([low, (low + 1).clamp(max=size - 1)], -1).long(), torch.stack([1 - (v - low), v - low], -1)
    (ys, wy), (xs, wx) = neighbours(1, h), neighbours(0, w)
    # Bin (i, j)'s terms over samples (su, sv) and neighbours (a, b): [R, P, P, S, 2, S, 2].
    cell = (image_of * h * w)[:, None, None, None, None, None, None] + ys[:, :, None, :, :, None, None] * w + xs[:, None, :, None, None, :, :]
    weight = wy[:, :, None, :, :, None, None] * wx[:, None, :, None, None, :, :] / sampling ** 2
    bins = len(rois) * pool * pool
    row = torch.arange(bins)[:, None].expand(-1, 4 * sampling ** 2).reshape(-1)
    a = torch.sparse_coo_tensor(torch.stack([row, cell.reshape(-1)]), weight.reshape(-1), (bins, len(cells)))
    return torch.sparse.mm(a, cells).reshape(len(rois), pool, pool, c)


class FasterRcnn(nn.Module):
    def __init__(self, classes: int = 10, anchors_per_cell: int = 9, pool: int = 7, fc_units: int = 256) -> None:
        super().__init__()
        filters = [16, 32, 64]
        self.stages = nn.Sequential(*(vgg_stage(cin, cout, 2) for cin, cout in zip([1] + filters[:-1], filters)))
        self.rpn_window = nn.Conv2d(64, 64, 3, padding=1)
        self.rpn_cls = nn.Conv2d(64, anchors_per_cell, 1)
        self.rpn_bbox = nn.Conv2d(64, 4 * anchors_per_cell, 1)
        self.fc6 = nn.Linear(pool * pool * 64, fc_units)
        self.fc7 = nn.Linear(fc_units, fc_units)
        self.cls_score = nn.Linear(fc_units, classes + 1)
        self.bbox_pred = nn.Linear(fc_units, 4 * classes)
        self.classes = classes
        # Ours: N(0, 0.01) for the RPN's siblings and the classifier, N(0, 0.001) for the box regressor, He for fc6, fc7.
        for layer, std in ((self.rpn_cls, 0.01), (self.rpn_bbox, 0.01), (self.cls_score, 0.01), (self.bbox_pred, 0.001)):
            nn.init.normal_(layer.weight, 0, std)
            nn.init.zeros_(layer.bias)
        for layer in (self.fc6, self.fc7):
            nn.init.kaiming_normal_(layer.weight)
            nn.init.zeros_(layer.bias)

    def backbone(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Images [n, 1, H, W] -> features [n, 64, H/8, W/8], objectness [n, A], deltas [n, A, 4]."""
        features = self.stages(x)
        window = F.relu(self.rpn_window(features))
        n = len(x)
        return features, self.rpn_cls(window).permute(0, 2, 3, 1).reshape(n, -1), self.rpn_bbox(window).permute(0, 2, 3, 1).reshape(n, -1, 4)

    def head(self, pooled: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Pooled RoIs [R, P, P, C] -> class logits [R, K + 1], deltas [R, K, 4]."""
        h = F.relu(self.fc7(F.relu(self.fc6(pooled.flatten(1)))))
        return self.cls_score(h), self.bbox_pred(h).reshape(len(h), self.classes, 4)


def random_scenes(n: int, objects_per_image: float, size: int, g: torch.Generator) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    """Corner boxes and classes of n images holding round(n * objects_per_image) boxes in all (at least one each), shaped like the digits' ink boxes."""
    total = max(n, round(n * objects_per_image))
    boxes, classes = [], []
    for b in range(n):
        m = total // n + (1 if b < total % n else 0)
        h = 10 + 26 * torch.rand(m, generator=g)
        w = (h * (0.2 + 1.2 * torch.rand(m, generator=g))).clamp(max=size)
        x0, y0 = (size - w) * torch.rand(m, generator=g), (size - h) * torch.rand(m, generator=g)
        boxes.append(torch.stack([x0, y0, x0 + w, y0 + h], 1))
        classes.append(torch.randint(0, 10, (m,), generator=g))
    return boxes, classes


class Nic(nn.Module):
    def __init__(self, vocabulary: int, pooling: str) -> None:
        super().__init__()
        filters = [16, 32, 64]
        self.cnn = nn.Sequential(*(vgg_stage(cin, cout, 1) for cin, cout in zip([3] + filters[:-1], filters)))
        self.pooling = pooling
        self.image_embedding = nn.Linear(64 * 8 * 8 if pooling == "flatten" else 64, 64)
        self.word_embedding = nn.Embedding(vocabulary, 64)
        self.lstm = nn.LSTM(64, 128, batch_first=True)
        self.logits = nn.Linear(128, vocabulary)

    def forward(self, images: torch.Tensor, words: torch.Tensor) -> torch.Tensor:
        f = self.cnn(images)
        f = f.flatten(1) if self.pooling == "flatten" else f.mean((2, 3))
        sequence = torch.cat([self.image_embedding(f)[:, None], self.word_embedding(words)], 1)
        return self.logits(self.lstm(sequence)[0])


class StyleNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        filters = [32, 64, 128]
        self.convs = nn.ModuleList()
        cin = 3
        for f in filters:
            self.convs.append(nn.ModuleList([nn.Conv2d(cin, f, 3, padding=1), nn.Conv2d(f, f, 3, padding=1)]))
            cin = f

    def forward(self, x: torch.Tensor) -> list[torch.Tensor]:
        outputs = []
        for i, stage in enumerate(self.convs):
            if i > 0:
                x = F.avg_pool2d(x, 2)
            for conv in stage:
                x = F.relu(conv(x))
                outputs.append(x)
        return outputs


def gram(f: torch.Tensor) -> torch.Tensor:
    f = f.reshape(f.shape[1], -1)
    return f @ f.t()


def make_step(args: argparse.Namespace):
    """The task's model and a function doing one training step; its batch size."""
    g = torch.Generator().manual_seed(0)
    if args.task == "segment":
        model, n = Fcn8s(), 16
        x = torch.rand(n, 1, 64, 84, generator=g)
        mask = torch.randint(0, 11, (n, 64, 84), generator=g)
        opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)

        def step() -> None:
            opt.zero_grad()
            logits = model(x)
            loss = F.cross_entropy(logits, mask)
            loss.backward()
            opt.step()
            loss.item()
            (logits.argmax(1) == mask).sum().item()
        return model, step, n
    if args.task == "ssd":
        model, n = Ssd(), 16
        x = torch.rand(n, 1, 128, 128, generator=g)
        labels = torch.zeros(n, 1920, dtype=torch.long)
        matched = max(1, round(args.matched_per_image))
        for b in range(n):
            labels[b, torch.randperm(1920, generator=g)[:matched]] = torch.randint(1, 11, (matched,), generator=g)
        offsets = torch.randn(n, 1920, 4, generator=g)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step() -> None:
            opt.zero_grad()
            outputs = model(x)
            loss, _ = multibox_loss(outputs, labels, offsets)
            loss.backward()
            opt.step()
            loss.item()
            ((outputs[..., :11].argmax(-1) == labels) & (labels > 0)).sum().item()
        return model, step, n
    if args.task == "faster-rcnn":
        model, n, size = FasterRcnn(), 16, 128
        x = torch.rand(n, 1, size, size, generator=g)
        anchors = faster_rcnn_anchors(size)
        boxes, classes = random_scenes(n, args.objects_per_image, size, g)
        # Assigned once, as trainFasterRcnn assigns every scene's before its loop.
        rpn_labels, rpn_offsets = (torch.stack(t) for t in zip(*(rpn_targets(anchors, b, size) for b in boxes)))
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step() -> None:
            opt.zero_grad()
            features, objectness, deltas = model.backbone(x)
            # The RPN's loss (eq. 1) on 256 sampled anchors per image, both terms divided by their count.
            weight, p_star = sample_anchors(rpn_labels, g)
            sampled = weight.sum().clamp(min=1)
            rpn_class = (weight * F.binary_cross_entropy_with_logits(objectness, p_star, reduction="none")).sum() / sampled
            rpn_box = (weight * p_star * smooth_l1(deltas - rpn_offsets).sum(-1)).sum() / sampled
            # Proposals as constants, then each image's sampled RoIs.
            with torch.no_grad():
                proposals = propose_regions(objectness.detach(), deltas.detach(), anchors, size)
                sampled_rois = [sample_rois(p, b, c, g) for p, b, c in zip(proposals, boxes, classes)]
            rois, labels, offsets = (torch.cat(t) for t in zip(*sampled_rois))
            image_of = torch.cat([torch.full((len(r),), b, dtype=torch.long) for b, (r, _, _) in enumerate(sampled_rois)])
            class_logits, box_deltas = model.head(roi_align(features, rois, image_of))
            # The head's loss (Fast R-CNN eq. 1): softmax over K + 1, smooth L1 on the true class's deltas, both / R.
            r = max(1, len(rois))
            foreground = labels > 0
            head_class = F.cross_entropy(class_logits, labels, reduction="sum") / r
            head_box = smooth_l1(box_deltas[foreground, labels[foreground] - 1] - offsets[foreground]).sum() / r
            loss = rpn_class + rpn_box + head_class + head_box
            loss.backward()
            opt.step()
            loss.item()
            torch.stack([((class_logits.argmax(-1) == labels) & foreground).sum(), foreground.sum()]).tolist()
        return model, step, n
    if args.task == "caption":
        model, n, length = Nic(args.vocabulary, args.image_pooling), 32, args.max_length
        images = torch.rand(n, 3, 64, 64, generator=g)
        words = torch.randint(4, args.vocabulary, (n, length), generator=g)
        targets = torch.randint(4, args.vocabulary, (n, length), generator=g)
        lengths = torch.randint(length // 3, length, (n,), generator=g)
        targets[torch.arange(length)[None] >= lengths[:, None]] = 0
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step() -> None:
            opt.zero_grad()
            logits = model(images, words)[:, 1:]
            mask = (targets != 0).float()
            nll = F.cross_entropy(logits.reshape(-1, args.vocabulary), targets.reshape(-1), reduction="none").reshape(targets.shape)
            loss = (nll * mask).sum() / mask.sum().clamp(min=1)
            loss.backward()
            opt.step()
            loss.item()
            ((logits.argmax(-1) == targets).float() * mask).sum().item()
        return model, step, n
    model = StyleNet()
    model.requires_grad_(False)
    content, style = torch.rand(1, 3, 64, 64, generator=g), torch.rand(1, 3, 64, 64, generator=g)
    with torch.no_grad():
        p = model(content)[-1]
        grams = [gram(f) for f in model(style)[0::2]]
    image = content.clone().requires_grad_(True)
    opt = torch.optim.Adam([image], lr=0.02)

    def step() -> None:
        opt.zero_grad()
        fx = model(image)
        lc = 0.5 * ((fx[-1] - p) ** 2).sum()
        ls = sum(((gram(f) - t) ** 2).sum() / (4 * f.shape[1] ** 2 * (f.numel() / f.shape[1]) ** 2) for f, t in zip(fx[0::2], grams)) / 3
        lt = ((image[:, :, 1:] - image[:, :, :-1]) ** 2).sum() + ((image[:, :, :, 1:] - image[:, :, :, :-1]) ** 2).sum()
        loss = lc + 1e4 * ls + lt
        loss.backward()
        opt.step()
        with torch.no_grad():
            image.clamp_(0, 1)
        for v in (loss, lc, ls, lt):
            v.item()
    return model, step, 1


def main() -> None:
    args = ARGS
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model, step, n = make_step(args)
    model.train(args.task != "style")
    blas = loaded_blas()
    warn_unless_openblas("vision_torch.py", blas, "its convolutions are")
    # Counted as Keras counts them: weights plus batch norm's moving statistics.
    parameters = sum(p.numel() for p in model.parameters()) + sum(b.numel() for name, b in model.named_buffers() if "running" in name)
    seconds = median_step_seconds(step, args.warmup, args.batches)
    print(json.dumps({"name": f"vision-{args.task}-train", "backend": "pytorch-cpu", "unit": "steps/s" if args.task == "style" else "images/s",
                      "value": round(n / seconds, 2), "batch": n, "parameters": parameters, "threads": torch.get_num_threads(),
                      "batches": args.batches, "warmup": args.warmup, "torch": torch.__version__, "blas": blas,
                      "omp_wait_policy": os.environ["OMP_WAIT_POLICY"]}), flush=True)


if __name__ == "__main__":
    main()
