/** @odoo-module **/

import { registry } from "@web/core/registry";

// A day per role (tests/test_role_day_tours.py, issue 22 §5): each role starts from its
// home, walks by its menus and ends on a screen that shows data. The menus are found by
// their xmlid, so the tours read the same in Russian and in English.
const section = (xmlid) => `.o_menu_sections [data-menu-xmlid='school_records.${xmlid}']`;
const item = (xmlid) => `.o-dropdown--menu .dropdown-item[data-menu-xmlid='${xmlid}']`;
const patient = (steps) => steps.map((step) => ({ timeout: 30000, ...step }));

function chooseFirst(selector) {
    const select = document.querySelector(selector);
    const option = [...select.options].find((o) => o.value);
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("school_role_day_deputy", {
    steps: () =>
        patient([
            {
                content: "The deputy lands on the journal checks in progress",
                trigger: ".o_list_view .o_group_header",
                run: "click",
            },
            { content: "Open a check", trigger: ".o_data_row:contains(5А) .o_data_cell", run: "click" },
            { content: "The check's form", trigger: ".o_form_view .o_breadcrumb:contains(5А)" },
            {
                content: "The journal control menu, beside the checks",
                trigger: section("school_records_menu_journal_control"),
                run: "click",
            },
            {
                content: "The late journals",
                trigger: item("school_records.school_late_journals_menu"),
                run: "click",
            },
            {
                content: "A journal of 5А is late",
                trigger: ".o_list_view .o_group_header:contains(5А)",
                run: "click",
            },
            {
                content: "Its lesson not filled on the lesson day",
                trigger: ".o_list_view .o_data_row .o_field_badge:contains(Overdue), .o_list_view .o_data_row .o_field_badge:contains(Просрочено)",
            },
            { content: "The apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
            {
                content: "The school's app",
                trigger: ".o-dropdown--menu .o_app[data-menu-xmlid='school_records.school_records_menu_root']",
                run: "click",
            },
            { content: "The journal menu", trigger: section("school_records_menu_journal"), run: "click" },
            {
                content: "The period marks",
                trigger: item("school_records.school_period_mark_menu"),
                run: "click",
            },
            { content: "The period marks list", trigger: ".o_list_view .o_data_row:contains(5А)" },
            { content: "The timetable menu", trigger: section("school_timetable_menu_root"), run: "click" },
            {
                content: "The timetable board",
                trigger: item("school_records.school_timetable_board_menu"),
                run: "click",
            },
            {
                content: "Choose a class's timetable",
                trigger: "select.o_school_board_choose:has(option[value]:not([value='']))",
                run: () => chooseFirst("select.o_school_board_choose"),
            },
            { content: "The class's lessons on the board", trigger: ".o_school_board .o_school_board_slot" },
        ]),
});

registry.category("web_tour.tours").add("school_role_day_director", {
    steps: () =>
        patient([
            {
                content: "The director lands on «To sign»: the check waits",
                trigger: ".o_list_view .o_group_header",
                run: "click",
            },
            { content: "Open the document", trigger: ".o_data_row .o_data_cell", run: "click" },
            {
                content: "The check waits for her signature",
                trigger: ".o_form_view .o_field_widget[name=class_id]:contains(5А)",
            },
        ]),
});

registry.category("web_tour.tours").add("school_role_day_secretary", {
    steps: () =>
        patient([
            { content: "The secretary lands on the students", trigger: ".o_list_view .o_data_row .o_data_cell", run: "click" },
            { content: "A student's form", trigger: ".o_form_view .o_field_widget[name=last_name] input" },
            { content: "The documents menu", trigger: section("school_records_menu_documents"), run: "click" },
            {
                content: "The certificates of study",
                trigger: item("school_records.school_progress_certificate_menu"),
                run: "click",
            },
            { content: "The certificates list", trigger: ".o_list_view .o_data_row" },
            { content: "The students menu", trigger: section("school_records_menu_students"), run: "click" },
            {
                content: "The enrollments (the movement of students)",
                trigger: item("school_records.school_enrollment_menu"),
                run: "click",
            },
            { content: "The enrollments list", trigger: ".o_list_view .o_data_row .o_data_cell:contains(5А)" },
        ]),
});

registry.category("web_tour.tours").add("school_role_day_parent", {
    steps: () =>
        patient([
            { content: "The portal home: the diary", trigger: "a[href='/my/diary']", run: "click", expectUnloadPage: true },
            {
                // the list of the children, or the week of an only child at once
                content: "A child's week",
                trigger: ".o_diary_students a:first, .o_diary_tabs a.active[href^='/my/diary/']",
                run: "click",
                expectUnloadPage: true,
            },
            { content: "The week's lessons", trigger: ".o_diary_lesson" },
            { content: "A lesson's homework", trigger: ".o_diary_lesson .o_diary_homework" },
            {
                content: "The marks",
                trigger: ".o_diary_tabs a[href$='/marks']",
                run: "click",
                expectUnloadPage: true,
            },
            { content: "The marks by subject", trigger: ".o_diary_marks_table tbody tr .o_diary_average" },
        ]),
});

registry.category("web_tour.tours").add("school_role_day_student", {
    steps: () =>
        patient([
            { content: "The portal home: the diary", trigger: "a[href='/my/diary']", run: "click", expectUnloadPage: true },
            { content: "Her own week", trigger: ".o_diary_tabs a.active[href^='/my/diary/']" },
            { content: "The week's lessons", trigger: ".o_diary_lesson .o_diary_homework" },
        ]),
});
