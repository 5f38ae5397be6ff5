#include "ui/animation.hpp"

#include "model/params/param_registry.hpp"

namespace losslab::ui {

Animations& animations(UiContext& ui) { return panel_data<Animations>(ui, "animations"); }

void start_sweep(UiContext& ui, const model::ParamSweep& sweep) {
    const auto* p = model::find_param(sweep.key);
    if (!p || (p->spec->kind != model::ParamKind::Real &&
               p->spec->kind != model::ParamKind::Integer))
        return;
    auto& a = animations(ui);
    a.sweeps[sweep.key] = {sweep, ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0};
    ui.animating = true;
}

void stop_sweep(UiContext& ui, const std::string& key) { animations(ui).sweeps.erase(key); }

bool sweep_running(UiContext& ui, const std::string& key) {
    return animations(ui).sweeps.count(key) > 0;
}

void start_transition(model::AppState& state, UiContext& ui, const model::AppState& target,
                      double seconds) {
    auto& a = animations(ui);
    a.sweeps.clear();
    a.transition.reset();
    if (seconds <= 0.0 || state == target) {
        state = target;
        return;
    }
    StateTransition t{state, target, ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0,
                      seconds};
    // A different lab shows different parameters: switch now, so the class sees the new
    // lab's values move into place rather than an invisible change.
    state.lab = target.lab;
    t.from.lab = target.lab;
    a.transition = t;
    ui.animating = true;
}

void stop_animations(UiContext& ui) {
    auto& a = animations(ui);
    a.sweeps.clear();
    a.transition.reset();
    ui.animating = false;
}

void step_animations(model::AppState& state, UiContext& ui, double now) {
    auto& a = animations(ui);
    if (a.transition) {
        const auto& t = *a.transition;
        const double f = (now - t.started) / t.seconds;
        if (f >= 1.0) {
            state = t.to;
            a.transition.reset();
        } else {
            const double e = model::ease_in_out(f);
            model::AppState next = t.to;
            for (const auto& p : model::param_registry()) {
                const double from = model::get_param(t.from, p);
                const double to = model::get_param(t.to, p);
                // Only reals glide; whole numbers, choices and toggles take their target at
                // once (a seed or a class count passing through every value is noise).
                if (from == to || p.spec->kind != model::ParamKind::Real) continue;
                (void)model::set_param(next, p, model::interpolate_param(*p.spec, from, to, e));
            }
            state = next;
        }
    }
    for (auto it = a.sweeps.begin(); it != a.sweeps.end();) {
        const auto& s = it->second;
        const auto* p = model::find_param(s.sweep.key);
        const double f = model::sweep_fraction(s.sweep, now - s.started);
        if (p) (void)model::set_param(state, *p, model::interpolate_param(*p->spec, s.sweep.from,
                                                                          s.sweep.to, f));
        const bool done = !p || (!s.sweep.loop && f >= 1.0);
        it = done ? a.sweeps.erase(it) : std::next(it);
    }
    ui.animating = a.transition.has_value() || !a.sweeps.empty();
}

} // namespace losslab::ui
