/** @odoo-module **/

import { registry } from "@web/core/registry";

// The class teacher assesses the learning actions (УУД) of her class: Journal → Learning
// actions (УУД), choose the class, open the list, give a level (tests/test_uud_tour.py).
const pick = (text) => `.o-autocomplete--dropdown-menu .dropdown-item:contains(${text})`;

registry.category("web_tour.tours").add("school_uud_entry_tour", {
    steps: () => [
        {
            content: "Choose the class",
            trigger: ".modal .o_field_widget[name=class_id] input",
            run: "edit 5А",
        },
        { content: "Her 5А", trigger: pick("5А"), run: "click" },
        { content: "Open the list", trigger: ".modal button[name=action_open]", run: "click" },
        {
            content: "The first student's first action",
            trigger: ".o_list_view .o_data_row:first td[name=level]",
            run: "click",
        },
        {
            content: "High",
            trigger: ".o_list_view .o_data_row .o_field_widget[name=level] select",
            run: 'select "high"',
        },
        { content: "Save", trigger: ".o_list_button_save", run: "click" },
        {
            content: "Saved",
            trigger: ".o_list_view .o_data_row:first td[name=level]:contains(High)",
        },
    ],
});
