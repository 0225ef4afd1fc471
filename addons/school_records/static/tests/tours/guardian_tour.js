/** @odoo-module **/

import { registry } from "@web/core/registry";

// Guardians' personal data through the screens (tests/test_guardian_tour.py): the class
// teacher adds a legal representative on the student form, then ticks the month's check.
const row = ".o_field_widget[name=guardian_record_ids] .o_data_row";
const pick = (text) => `.o-autocomplete--dropdown-menu .dropdown-item:contains(${text})`;

registry.category("web_tour.tours").add("school_guardian_record_tour", {
    steps: () => [
        { content: "The student form is open", trigger: ".o_form_view .o_field_widget[name=last_name]" },
        {
            content: "The legal representatives",
            trigger: "a.nav-link:contains(Legal representatives)",
            run: "click",
        },
        { content: "The mother is listed", trigger: `${row} td:contains(Иванова Ольга)` },
        {
            content: "Add a representative",
            trigger: ".o_field_widget[name=guardian_record_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The father's contact",
            trigger: `${row} .o_field_widget[name=partner_id] input`,
            run: "edit Иванов Сергей",
        },
        { content: "Pick him", trigger: pick("Иванов Сергей"), run: "click" },
        {
            content: "Kinship",
            trigger: `${row} .o_field_widget[name=kinship] select`,
            run: 'select "father"',
        },
        {
            content: "His passport",
            trigger: `${row} .o_field_widget[name=identity_document] input`,
            run: "edit 4509 112233",
        },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { content: "Saved", trigger: ".o_form_saved" },
        { content: "Both are listed", trigger: `${row}:contains(4509 112233)` },
    ],
});

registry.category("web_tour.tours").add("school_guardian_check_tour", {
    steps: () => [
        { content: "The month's check is open", trigger: ".o_form_view .o_field_widget[name=class_id]" },
        { content: "The class's guardians are shown", trigger: ".o_field_widget[name=guardian_ids] td:contains(4509 112233)" },
        { content: "Checked", trigger: "button[name=action_checked]", run: "click" },
        {
            content: "Recorded",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Checked)",
        },
    ],
});
