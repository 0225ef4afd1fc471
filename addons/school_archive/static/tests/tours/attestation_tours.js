/** @odoo-module **/

import { registry } from "@web/core/registry";

// The intermediate attestation protocol and the credit of a result from another
// organisation through their forms (tests/test_attestation_tour.py runs them in order).
const status = (label) => `.o_statusbar_status button.o_arrow_button_current:contains(${label})`;
const pick = (text) => `.o-autocomplete--dropdown-menu .dropdown-item:contains(${text})`;
// the results are sorted by name: Белов first, Иванов second
const selected = (n) => `.o_field_widget[name=line_ids] .o_data_row:nth-child(${n}).o_selected_row`;
const row = (name) => `.o_field_widget[name=line_ids] .o_data_row:contains(${name})`;

registry.category("web_tour.tours").add("school_attestation_protocol_teacher_tour", {
    steps: () => [
        { content: "A new protocol", trigger: ".o_form_view .o_field_widget[name=assignment_id] input" },
        {
            content: "The teacher's journal",
            trigger: ".o_field_widget[name=assignment_id] input",
            run: "edit Математика (тест) — Петрова",
        },
        { content: "5А mathematics", trigger: pick("Математика (тест) — Петрова"), run: "click" },
        {
            content: "A control work",
            trigger: ".o_field_widget[name=form] select",
            run: 'select "control_work"',
        },
        {
            content: "The chairman",
            trigger: ".o_field_widget[name=chairman_id] input",
            run: "edit Смирнов",
        },
        { content: "The deputy chairs", trigger: pick("Смирнов"), run: "click" },
        {
            content: "A member of the commission",
            trigger: ".o_field_widget[name=commission_ids] input",
            run: "edit Петрова",
        },
        { content: "The teacher herself", trigger: pick("Петрова"), run: "click" },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        // saving checks the student's journal and the period: slow on a loaded machine
        { content: "Saved", trigger: ".o_form_saved", timeout: 30000 },
        { content: "Fill the class", trigger: "button[name=action_fill_students]", run: "click" },
        { content: "Two students", trigger: row("Иванов") },
        { content: "The child's result", trigger: `${row("Иванов")} td[name=value_id]`, run: "click" },
        {
            content: "«4»",
            trigger: `${selected(2)} .o_field_widget[name=value_id] input`,
            run: "edit Good",
        },
        { content: "Pick «4»", trigger: pick("4"), run: "click" },
        { content: "The classmate's result", trigger: `${row("Белов")} td[name=value_id]`, run: "click" },
        {
            content: "«2»",
            trigger: `${selected(1)} .o_field_widget[name=value_id] input`,
            run: "edit Unsatisf",
        },
        { content: "Pick «2»", trigger: pick("2"), run: "click" },
        { content: "Save the results", trigger: ".o_form_button_save", run: "click" },
        { content: "Saved again", trigger: ".o_form_saved" },
        { content: "The year mark it leads to (no period marks: the result)", trigger: `${row("Иванов")} td[name=year_value_id]:contains(4)` },
        { content: "Submit for signing", trigger: "button[name=action_submit]", run: "click" },
        { content: "Being signed", trigger: status("Being signed") },
        { content: "Sign as a member", trigger: "button[name=action_sign]", run: "click" },
        { content: "Still the chairman to sign", trigger: ".o_field_widget[name=signers_left]:contains(Смирнов)" },
    ],
});

registry.category("web_tour.tours").add("school_attestation_protocol_chairman_tour", {
    steps: () => [
        { content: "The protocol to sign", trigger: status("Being signed") },
        { content: "Sign as the chairman", trigger: "button[name=action_sign]", run: "click" },
        { content: "Signed", trigger: status("Signed") },
        { content: "The debt's retake", trigger: "button[name=action_create_retake]" },
    ],
});

registry.category("web_tour.tours").add("school_result_credit_secretary_tour", {
    steps: () => [
        { content: "A new credit", trigger: ".o_form_view .o_field_widget[name=student_id] input" },
        { content: "The student", trigger: ".o_field_widget[name=student_id] input", run: "edit Иванов П" },
        { content: "Иванов Пётр", trigger: pick("Иванов Пётр"), run: "click" },
        { content: "The subject", trigger: ".o_field_widget[name=subject_id] input", run: "edit Математика (тест)" },
        { content: "Mathematics", trigger: pick("Математика (тест)"), run: "click" },
        { content: "The year", trigger: ".o_field_widget[name=year_id] input", run: "edit 2035/2036" },
        { content: "2035/2036", trigger: pick("2035/2036"), run: "click" },
        { content: "The period", trigger: ".o_field_widget[name=period_id] input", run: "edit Quarter 1" },
        { content: "Quarter 1", trigger: pick("Quarter 1"), run: "click" },
        { content: "The mark", trigger: ".o_field_widget[name=value_id] input", run: "edit Excellent" },
        {
            // the mark's own dropdown: «5» alone would also match a lingering «2035/2036»
            content: "«5»",
            trigger: ".o_field_widget[name=value_id] .o-autocomplete--dropdown-menu .dropdown-item:contains(5):not(:contains(/))",
            run: "click",
        },
        { content: "The mark is set", trigger: ".o_field_widget[name=value_id] input:value(5)" },
        {
            content: "The organisation",
            trigger: ".o_field_widget[name=organisation] input",
            run: "edit ГБОУ Лицей № 239",
        },
        {
            content: "The document",
            trigger: ".o_field_widget[name=document] input",
            run: "edit Справка № 17",
        },
        { content: "The hours", trigger: ".o_field_widget[name=hours] input", run: "edit 36" },
        { content: "The order", trigger: ".o_field_widget[name=order_number] input", run: "edit 45-у" },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        // saving checks the student's journal and the period: slow on a loaded machine
        { content: "Saved", trigger: ".o_form_saved", timeout: 30000 },
        { content: "Submit to the director", trigger: "button[name=action_submit]", run: "click" },
        { content: "Awaiting the director", trigger: status("Awaiting the director"), timeout: 30000 },
    ],
});

registry.category("web_tour.tours").add("school_result_credit_director_tour", {
    steps: () => [
        { content: "The credit to approve", trigger: status("Awaiting the director") },
        { content: "Approve by order", trigger: "button[name=action_approve]", run: "click" },
        { content: "Approved", trigger: status("Approved by order"), timeout: 30000 },
    ],
});

registry.category("web_tour.tours").add("school_result_credit_journal_tour", {
    steps: () => [
        { content: "The journal is open", trigger: ".o_school_journal_table" },
        {
            content: "The credited student carries the marker",
            trigger: ".o_school_journal_student:contains(Иванов) .o_school_journal_credit[title*='45-у']",
        },
        {
            content: "The classmate does not",
            trigger: ".o_school_journal_student:contains(Белов):not(:has(.o_school_journal_credit))",
        },
    ],
});
