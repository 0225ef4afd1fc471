/** @odoo-module **/

import { registry } from "@web/core/registry";

// A parent reads the marks of an earlier year and of chosen dates
// (tests/test_portal_diary_span.py).
registry.category("web_tour.tours").add("school_diary_span_tour", {
    steps: () => [
        { content: "The marks page is open", trigger: ".o_diary_tabs .nav-link.active:contains(Marks)" },
        {
            content: "The year before, in 4А",
            trigger: ".o_diary_years a:contains(2034/2035)",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "That year is chosen", trigger: ".o_diary_years a.btn-secondary:contains(2034/2035)" },
        {
            content: "From",
            trigger: ".o_diary_span input[name=date_from]",
            run() {
                this.anchor.value = "2034-10-01";
            },
        },
        {
            content: "To",
            trigger: ".o_diary_span input[name=date_to]",
            run() {
                this.anchor.value = "2034-10-31";
            },
        },
        {
            content: "Show the span",
            trigger: ".o_diary_span button.o_diary_span_show",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The span", trigger: ".o_diary_span_label:contains(01.10.2034)" },
        {
            content: "The literature «3» of 4А",
            trigger: ".o_diary_marks_table tr:contains(Литература (тест)) .o_diary_average:contains(3.00)",
        },
    ],
});
