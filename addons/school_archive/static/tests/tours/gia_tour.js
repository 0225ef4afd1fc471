/** @odoo-module **/

import { registry } from "@web/core/registry";

// The state final attestation results through the screens (tests/test_gia_tour.py): the
// secretary imports the РЦОИ protocol, then a draft certificate takes its results.
registry.category("web_tour.tours").add("school_gia_import_tour", {
    steps: () => [
        { content: "The import form is open", trigger: ".o_dialog .o_field_widget[name=file]" },
        { content: "Import", trigger: ".o_dialog button[name=action_import]", run: "click" },
        {
            content: "The protocol shows its results",
            trigger: ".o_form_view .o_field_widget[name=result_ids] td:contains(Алексеев Иван)",
        },
        { content: "Two of them", trigger: ".o_field_widget[name=result_ids] .o_data_row:eq(1)" },
    ],
});

registry.category("web_tour.tours").add("school_gia_certificate_tour", {
    steps: () => [
        { content: "The draft certificate is open", trigger: ".o_form_view .o_field_widget[name=student_id]" },
        {
            content: "The exams",
            trigger: "a.nav-link:contains(State final attestation)",
            run: "click",
        },
        { content: "Take the ГИА results", trigger: "button[name=action_fill_gia_exams]", run: "click" },
        {
            content: "The results of the protocol are on the certificate",
            trigger: ".o_field_widget[name=exam_ids] .o_data_row:contains(РЦОИ protocol)",
        },
        {
            content: "With the mark of the protocol",
            trigger: ".o_field_widget[name=exam_ids] .o_data_row:contains(Russian language):contains(5)",
        },
    ],
});
