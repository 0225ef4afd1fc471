/** @odoo-module **/

import { registry } from "@web/core/registry";

// The teacher reads her preliminary report and sends it (tests/test_period_forecast.py).
registry.category("web_tour.tours").add("school_period_forecast_tour", {
    steps: () => [
        { content: "The report is open", trigger: ".o_form_view .o_statusbar_status" },
        {
            content: "Глеб is at risk",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Белов) td[name=risk]:contains(«2»)",
        },
        { content: "Send it", trigger: "button[name=action_send]", run: "click" },
        {
            content: "Sent",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Sent)",
        },
    ],
});
