/** @odoo-module **/

import { registry } from "@web/core/registry";

// Each role lands where it works (tests/test_roles_landing.py): the teacher's home
// is the journal grid, with no menu to click.
registry.category("web_tour.tours").add("school_records_teacher_landing", {
    steps: () => [
        { content: "The journal grid opens by itself", trigger: ".o_school_journal" },
    ],
});

// The class teacher's duties (tests/test_class_teacher_tour.py): the reason of an
// absence of her class, the families' diary usage, a report to the deputy.
registry.category("web_tour.tours").add("school_class_teacher_duties_tour", {
    steps: () => [
        {
            content: "Her class's absences, by week and student",
            trigger: ".o_list_view .o_group_header",
        },
        { content: "Open the week", trigger: ".o_group_header:first:not(:contains(Белов))", run: "click" },
        { content: "Open the student", trigger: ".o_group_header:contains(Белов)", run: "click" },
        {
            content: "The absence without a reason",
            trigger: ".o_data_row:contains(Белов) .o_data_cell[name=comment]",
            run: "click",
        },
        {
            content: "The reason: ill",
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=kind] select",
            run: 'select "ill"',
        },
        {
            content: "A note",
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=comment] input",
            run: "edit Справка из поликлиники",
        },
        { content: "Save", trigger: ".o_list_button_save", run: "click" },
        { content: "Saved", trigger: ".o_list_view:not(:has(.o_selected_row))" },
        {
            content: "The diary usage",
            trigger: ".o_menu_sections button:contains(Students), .o_menu_sections a:contains(Students)",
            run: "click",
        },
        {
            content: "Diary usage",
            trigger: ".o-dropdown--menu .dropdown-item:contains(Diary usage)",
            run: "click",
        },
        { content: "Her class is chosen", trigger: ".o_field_widget[name=class_id] input" },
        { content: "Show the families", trigger: "button[name=action_refresh]", run: "click" },
        {
            content: "The family's row",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Иванова Ольга)",
        },
        {
            content: "The journal control",
            trigger: ".o_menu_sections button:contains(Journal control)",
            run: "click",
        },
        {
            content: "Reports to the deputy",
            trigger: ".o-dropdown--menu .dropdown-item:contains(Reports to the deputy)",
            run: "click",
        },
        { content: "The reports' list", trigger: ".o_list_view, .o_view_nocontent" },
        {
            content: "The lessons",
            trigger: ".o_menu_sections button:contains(Journal):not(:contains(control))",
            run: "click",
        },
        {
            content: "Lessons",
            trigger: ".o-dropdown--menu .dropdown-item:contains(Lessons)",
            run: "click",
        },
        {
            content: "A lesson of her class",
            trigger: ".o_data_row:contains(Математика) .o_data_cell:first",
            run: "click",
        },
        {
            content: "Report to the deputy",
            trigger: "button:contains(Report to the deputy)",
            run: "click",
        },
        {
            content: "What is wrong",
            trigger: ".modal .o_field_widget[name=problem] textarea",
            run: "edit Нет отметок за контрольную работу",
        },
        { content: "Send", trigger: ".modal .o_form_button_save", run: "click" },
        { content: "Sent", trigger: "body:not(:has(.modal))" },
    ],
});
