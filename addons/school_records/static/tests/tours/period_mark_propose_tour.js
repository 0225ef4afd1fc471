/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("school_period_mark_propose_tour", {
    steps: () => [
        { content: "The period marks list", trigger: ".o_list_view" },
        {
            content: "Propose period marks, nothing selected",
            trigger: ".o_control_panel .o_school_propose_period_marks",
            run: "click",
        },
        {
            content: "The journal of today's lesson is chosen",
            trigger: ".modal div[name=assignment_id] input:value(5А)",
        },
        { content: "So is its period", trigger: ".modal div[name=period_id] input:value(1)" },
        { content: "Propose", trigger: ".modal button[name=action_propose]", run: "click" },
        { content: "The proposals are listed", trigger: ".o_list_view .o_data_row:nth-child(2)" },
        { trigger: ".o_breadcrumb:contains(5А)" },
    ],
});
