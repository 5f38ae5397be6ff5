#include "ui/lab_panels.hpp"

namespace losslab::ui {

void draw_information_lab(model::AppState&, UiContext&) {}

} // namespace losslab::ui
