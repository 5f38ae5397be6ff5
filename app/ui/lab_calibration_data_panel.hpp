#pragma once
// The calibration lab's "your data" mode (model/labs/lab_calibration_data.hpp on screen): File >
// Load model outputs…, files dropped on the window, the load running off the UI thread with a
// progress bar and Cancel, the reliability figures, the per-example loss view, the worst-k
// table (CSV export) and the members of a clicked reliability bin.

#include "model/app_state.hpp"
#include "ui/ui_context.hpp"

#include <string>
#include <vector>

namespace losslab::ui {

// Draws the lab in "your data" mode when the state names model-output files (or a load of
// them runs); returns false when the synthetic classifier should be drawn instead.
bool draw_calibration_data_mode(model::AppState& state, UiContext& ui);

// Opens the in-app file dialog for File > Load model outputs… (a logits .npy then its labels
// .npy, or one .npz / .csv).
void open_model_outputs_dialog(UiContext& ui);

// Draws that dialog when open; call once per frame.
void draw_model_outputs_dialog(model::AppState& state, UiContext& ui);

// Whether `path` looks like model outputs (.npy, .npz or .csv) rather than a session.
bool is_model_outputs_file(const std::string& path);

// Points the calibration lab at `paths` (one .npz/.csv, or two .npy in either order) and shows
// the lab; refusals (missing file, wrong count) become notices and change nothing.
void load_model_output_files(model::AppState& state, UiContext& ui,
                             const std::vector<std::string>& paths);

} // namespace losslab::ui
