#pragma once
// Everything about activation and weight normalization in one include:
//   norm_stats.hpp     BatchNorm / LayerNorm / InstanceNorm / GroupNorm statistics, outputs,
//                      running statistics, and which elements share a statistic
//   norm_variants.hpp  Batch Renorm, Weight Norm, Spectral Norm, ScaleNorm, Switchable Norm,
//                      Batch-Instance Norm, and the batch-size effect on BatchNorm's statistics
// Formulas follow the papers cited in each header and PyTorch 1.13's semantics.

#include "losslab/norm_stats.hpp"
#include "losslab/norm_variants.hpp"
