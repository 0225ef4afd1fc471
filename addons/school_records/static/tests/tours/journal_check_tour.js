/** @odoo-module **/

import { registry } from "@web/core/registry";

// The journal check through its form, one tour per role on the same check
// (tests/test_journal_check_tour.py runs them in order).
const status = (label) => `.o_statusbar_status button.o_arrow_button_current:contains(${label})`;
const remarkRow = ".o_field_widget[name=remark_ids] .o_data_row";
const pick = (text) => `.o-autocomplete--dropdown-menu .dropdown-item:contains(${text})`;

registry.category("web_tour.tours").add("school_journal_check_deputy_tour", {
    steps: () => [
        { content: "A new check is open", trigger: ".o_form_view .o_field_widget[name=kind] select" },
        {
            content: "An end-of-period check",
            trigger: ".o_field_widget[name=kind] select",
            run: 'select "period_end"',
        },
        {
            content: "Choose the period (its domain used to fail on class_id.year_id)",
            trigger: ".o_field_widget[name=period_id] input",
            run: "edit Quarter 1",
        },
        { content: "The quarter of the class's year", trigger: pick("Quarter 1"), run: "click" },
        { content: "The remarks", trigger: "a.nav-link:contains(Remarks)", run: "click" },
        {
            content: "Add a remark",
            trigger: ".o_field_widget[name=remark_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "To the teacher's journal",
            trigger: `${remarkRow} .o_field_widget[name=assignment_id] input`,
            run: "edit Петрова",
        },
        { content: "The journal", trigger: pick("Петрова"), run: "click" },
        {
            content: "The remark",
            trigger: `${remarkRow} .o_field_widget[name=remark] textarea`,
            run: "edit Заполнить темы уроков",
        },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { content: "Saved", trigger: ".o_form_saved" },
        { content: "Send to the teachers", trigger: "button[name=action_send]", run: "click" },
        { content: "Sent", trigger: status("Sent to teachers") },
    ],
});

registry.category("web_tour.tours").add("school_journal_check_teacher_tour", {
    steps: () => [
        { content: "The check is open", trigger: status("Sent to teachers") },
        { content: "The remarks", trigger: "a.nav-link:contains(Remarks)", run: "click" },
        { content: "Open the answer", trigger: `${remarkRow} td[name=answer]`, run: "click" },
        {
            content: "Write the answer in the form",
            trigger: `${remarkRow} .o_field_widget[name=answer] textarea`,
            run: "edit Темы заполнены",
        },
        { content: "Send the answer", trigger: `${remarkRow} button[name=action_answer]`, run: "click" },
        { content: "Answered", trigger: `${remarkRow} td[name=state]:contains(Answered)` },
    ],
});

registry.category("web_tour.tours").add("school_journal_check_accept_tour", {
    steps: () => [
        { content: "The check is open", trigger: status("Sent to teachers") },
        { content: "Accept the answers", trigger: "button[name=action_accept]", run: "click" },
        { content: "Accepted", trigger: status("Accepted") },
    ],
});

registry.category("web_tour.tours").add("school_journal_check_sign_tour", {
    steps: () => [
        { content: "The check is open", trigger: status("Accepted") },
        { content: "Sign it off", trigger: "button[name=action_sign]", run: "click" },
        { content: "Signed", trigger: status("Signed by the director") },
    ],
});
