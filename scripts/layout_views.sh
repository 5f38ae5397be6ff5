#!/bin/sh
# Every lab and tab, one per line: "LAB [--set KEY=VIEW]". Used by screenshots.sh and
# count_collisions.py.
cat <<'VIEWS'
loss
focal focal.view=figure-1
focal focal.view=modulating
focal focal.view=imbalance
focal focal.view=pitfalls
smoothing smoothing.view=targets
smoothing smoothing.view=editor
smoothing smoothing.view=distillation
smoothing smoothing.view=calibration
information information.view=discrete
information information.view=continuous
calibration calibration.view=temperature
calibration calibration.view=training
normalization normalization.view=figure-2
normalization normalization.view=histograms
normalization normalization.view=batch-size
normalization normalization.view=cousins
normalization normalization.view=own-vector
VIEWS
