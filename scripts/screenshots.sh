#!/bin/sh
# Regenerates the README screenshots (docs/screenshot-LAB.png) at 1280x800, each lab at its
# default parameters, under a virtual X server. Usage: scripts/screenshots.sh [BINARY]
# (default build/losslab). Needs xvfb-run (scripts/install-deps.sh --test).
set -eu
binary=${1:-build/losslab}
root=$(cd "$(dirname "$0")/.." && pwd)
for lab in loss focal smoothing information calibration normalization pytorch; do
    xvfb-run -a -s "-screen 0 1280x800x24" "$binary" --lab "$lab" --size 1280x800 \
        --screenshot "$root/docs/screenshot-$lab.png"
    echo "docs/screenshot-$lab.png"
done
# The PyTorch lab's other views: the catalogue (a curve and the CTC lattice) and the pipelines.
for view in "catalogue smooth_l1_loss" "ctc ctc_loss" "pipelines smooth_l1_loss"; do
    set -- $view
    tab=$1
    [ "$tab" = ctc ] && tab=catalogue
    xvfb-run -a -s "-screen 0 1280x800x24" "$binary" --lab pytorch --size 1280x800 \
        --set pytorch.view="$tab" --set pytorch.catalogue="$2" \
        --screenshot "$root/docs/screenshot-pytorch-$1.png"
    echo "docs/screenshot-pytorch-$1.png"
done
# Views the README shows beside the defaults: RMSNorm in Figure 2, LayerNorm vs RMSNorm on a
# typed vector, and label smoothing with calibration.
shot() {
    name=$1
    lab=$2
    shift 2
    xvfb-run -a -s "-screen 0 1280x800x24" "$binary" --lab "$lab" --size 1280x800 "$@" \
        --screenshot "$root/docs/screenshot-$name.png"
    echo "docs/screenshot-$name.png"
}
shot normalization-rms normalization --set normalization.method=rms
shot normalization-own-vector normalization --set normalization.view=own-vector
shot smoothing-calibration smoothing --set smoothing.view=calibration
