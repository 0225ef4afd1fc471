/** @odoo-module **/

import { registry } from "@web/core/registry";

// Merged groups through the screens (tests/test_lesson_merge_tour.py): the deputy records
// on a lesson that another group is taught with it and applies the change; the teacher
// of that lesson finds it marked in the journal grid, the joined student in the rows.
const pick = (text) => `.o-autocomplete--dropdown-menu .dropdown-item:contains(${text})`;

registry.category("web_tour.tours").add("school_lesson_merge_deputy_tour", {
    steps: () => [
        { content: "A new lesson change is open", trigger: ".o_form_view .o_field_widget[name=kind] select" },
        { content: "Merged groups", trigger: ".o_field_widget[name=kind] select", run: 'select "merge"' },
        {
            content: "The lesson of the other group",
            trigger: ".o_field_widget[name=merged_lesson_id] input",
            run: "edit 5А",
        },
        { content: "5А's lesson at the same time", trigger: pick("5А"), run: "click" },
        {
            content: "Why",
            trigger: ".o_field_widget[name=reason] textarea",
            run: "edit Петрова Анна на курсах",
        },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { content: "Saved", trigger: ".o_form_saved" },
        { content: "Apply it", trigger: "button[name=action_apply]", run: "click" },
        {
            content: "Applied",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Applied)",
        },
    ],
});

registry.category("web_tour.tours").add("school_lesson_merge_grid_tour", {
    steps: () => [
        { content: "The journal is open", trigger: ".o_school_journal_table" },
        {
            content: "The merged lesson is marked",
            trigger: ".o_school_lesson_change[data-kinds*=merge][title*='Merged groups']",
        },
        { content: "The joined 5А student is a row", trigger: ".o_school_journal_table tbody tr:contains(Белов)" },
    ],
});
