/** @odoo-module **/

import { registry } from "@web/core/registry";

// The school term through the screens, one tour per role and step, on one database
// (school_archive/tests/year_chain_term.py runs them in order and checks between them
// what each recorded). Every tour starts from the role's home: /odoo for the staff, /my
// for the families. Menus are found by their xmlid, buttons by their method and the
// status bar by its value; list cells and filters by their English labels (the test
// database's language).
const CHILD = "Васильева Дарья"; // the demo parent's daughter, in 5А
const HOMEWORK = "№ 112, 115 на стр. 48";
const REMARK = "Оформить темы уроков по КТП";
const ANSWER = "Темы оформлены";
const CORRECTION_REASON = "Отметка за ответ у доски выставлена ошибочно";

const section = (xmlid) => `.o_menu_sections [data-menu-xmlid='school_records.${xmlid}']`;
const item = (xmlid) => `.o-dropdown--menu .dropdown-item[data-menu-xmlid='school_records.${xmlid}']`;
const status = (value) => `.o_statusbar_status button.o_arrow_button_current[data-value='${value}']`;
const pick = (text) => `.o-autocomplete--dropdown-menu .dropdown-item:contains(${text})`;
const childRow = `.o_school_journal_table tbody tr:has(td.o_school_journal_student:contains(${CHILD}))`;
const remarkRow = ".o_field_widget[name=remark_ids] .o_data_row";
const periodEndRow = ".o_data_row:has(td[name=kind]:contains(End of period))";

// The teacher's journal opens on her lesson of the day, the last one she gives (or her
// latest): when that is another class's, she chooses 5А mathematics among her journals.
const openMathsOf5A = [
    {
        content: "Her journals: 5А mathematics",
        trigger: ".o_school_journal_assignment",
        run: "selectByLabel 5А · Математика",
    },
    { content: "The journal of 5А mathematics", trigger: ".o_school_journal_title:contains(5А — Математика)" },
];

/** The grid's cell of the student whose name holds `name` in the lesson the grid
 * opened on (today's, or the journal's latest): its header is `.o_school_lesson_focus`. */
function focusCellOf(name) {
    const table = document.querySelector(".o_school_journal_table");
    const column = [...table.querySelectorAll("thead th")].findIndex((th) =>
        th.classList.contains("o_school_lesson_focus")
    );
    const row = [...table.querySelectorAll("tbody tr")].find((tr) =>
        tr.querySelector(".o_school_journal_student").textContent.includes(name)
    );
    if (column < 0 || !row) {
        throw new Error(`No cell of ${name} in the lesson of the day`);
    }
    return row.children[column];
}

function expectFocusCellOf(name, text) {
    const cell = focusCellOf(name);
    if (cell.textContent.trim() !== text) {
        throw new Error(`${name}: «${cell.textContent.trim()}» instead of «${text}»`);
    }
}

// 1. The teacher fills today's lesson: homework, a mark and an absence.
registry.category("web_tour.tours").add("school_year_chain_teacher_lesson", {
    steps: () => [
        { content: "The teacher lands on her journal", trigger: ".o_school_journal_title" },
        ...openMathsOf5A,
        { content: "Today's lesson", trigger: "th.o_school_lesson_focus" },
        {
            content: "Choose the parent's daughter in today's lesson",
            trigger: childRow,
            async run(helpers) {
                await helpers.click(focusCellOf(CHILD));
            },
        },
        { content: "Her cell is chosen", trigger: `${childRow} td.o_school_cell_active` },
        { content: "Type a mark", trigger: ".o_school_journal_table:focus", run: "press 5" },
        { content: "Confirm it: the next student is chosen", trigger: ".o_school_cell_input:focus", run: "press Enter" },
        {
            content: "Mark the next student absent",
            trigger: `${childRow} + tr td.o_school_cell_active:not(:has(input))`,
            run: "press н",
        },
        { content: "Confirm it", trigger: ".o_school_cell_input:focus", run: "press Enter" },
        {
            content: "Saved",
            trigger: ".o_school_journal:not(:has(.o_school_cell_pending)) .o_school_journal_status:contains(All changes saved)",
            run() {
                expectFocusCellOf(CHILD, "5");
            },
        },
        { content: "Open today's lesson", trigger: "th.o_school_lesson_focus", run: "click" },
        {
            content: "Write the homework",
            trigger: ".modal .o_field_widget[name=homework] textarea",
            run: `edit ${HOMEWORK}`,
        },
        { content: "Save the lesson", trigger: ".modal .o_form_button_save", run: "click" },
        { content: "Back in the grid", trigger: "body:not(:has(.modal)) th.o_school_lesson_focus" },
        {
            content: "Reload the journal",
            trigger: `.o_school_journal_table:not(:has(.o_school_cell_pending))`,
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        { content: "The journal again", trigger: ".o_school_journal_title" },
        ...openMathsOf5A,
        {
            content: "The mark is in the journal",
            trigger: `${childRow} td.o_school_cell`,
            run() {
                expectFocusCellOf(CHILD, "5");
            },
        },
        { content: "So is the absence", trigger: `${childRow} + tr td.o_school_cell_absent` },
    ],
});

// 2. The parent reads the week in the diary and acknowledges it.
registry.category("web_tour.tours").add("school_year_chain_parent_week", {
    steps: () => [
        { content: "The portal home: the diary", trigger: "a[href='/my/diary']", run: "click", expectUnloadPage: true },
        {
            // the list of the children, or the week of an only child at once
            content: "The daughter's week",
            trigger: ".o_diary_students a:first, .o_diary_tabs a.active[href^='/my/diary/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Today's lesson: the homework and the new mark",
            trigger: `.o_diary_lesson:has(.o_diary_homework:contains(${HOMEWORK})) .o_diary_mark:contains(5)`,
        },
        {
            content: "Acknowledge the week",
            trigger: "button.o_diary_acknowledge",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The week is acknowledged", trigger: ".o_diary_acknowledged" },
    ],
});

// 3. The teacher proposes the quarter marks in the grid, confirms one there and the
// others from the period marks list.
registry.category("web_tour.tours").add("school_year_chain_teacher_quarter_marks", {
    steps: () => [
        { content: "The teacher's journal", trigger: ".o_school_journal_title" },
        ...openMathsOf5A,
        { content: "Propose the period marks", trigger: ".o_school_propose_period_marks", run: "click" },
        { content: "Proposed", trigger: `${childRow} td.o_school_period_draft`, run: "click" },
        { content: "Confirm the daughter's proposal", trigger: ".o_school_period_panel .o_school_period_confirm", run: "click" },
        { content: "Confirmed", trigger: `${childRow} td.o_school_period_confirmed` },
        { content: "The journal menu", trigger: section("school_records_menu_journal"), run: "click" },
        { content: "The period marks", trigger: item("school_period_mark_menu"), run: "click" },
        { content: "The period marks list", trigger: ".o_list_view .o_data_row" },
        { content: "The filters", trigger: ".o_searchview_dropdown_toggler", run: "click" },
        { content: "Those to confirm", trigger: ".o_filter_menu .dropdown-item:contains(To confirm)", run: "click" },
        { content: "Of my journals", trigger: ".o_filter_menu .dropdown-item:contains(My journals)", run: "click" },
        { content: "Close the filters", trigger: ".o_searchview_dropdown_toggler", run: "click" },
        {
            content: "Only the proposals are listed",
            trigger: ".o_list_view:not(:has(.o_data_row td[name=state]:contains(Confirmed))) .o_data_row:contains(5А)",
        },
        { content: "Select them all", trigger: "thead .o_list_record_selector input", run: "click" },
        { content: "Confirm them", trigger: ".o_control_panel button[name=action_confirm]", run: "click" },
        { content: "Nothing left to confirm", trigger: ".o_view_nocontent, .o_list_view:not(:has(.o_data_row))" },
    ],
});

// 4. The deputy creates the end-of-quarter check of 5А with a remark and sends it.
registry.category("web_tour.tours").add("school_year_chain_deputy_check", {
    steps: () => [
        { content: "The deputy lands on the checks in progress", trigger: ".o_list_view" },
        { content: "A new check", trigger: ".o_control_panel .o_list_button_add", run: "click" },
        { content: "The class", trigger: ".o_field_widget[name=class_id] input", run: "edit 5А" },
        { trigger: pick("5А"), run: "click" },
        { content: "At the end of the period", trigger: ".o_field_widget[name=kind] select", run: 'select "period_end"' },
        {
            content: "The quarter in progress (or just ended) is proposed",
            trigger: ".o_field_widget[name=period_id] input:not(:value(''))",
        },
        {
            content: "The period's dates fill in",
            trigger: ".o_field_widget[name=date_to] input:not(:value(''))",
        },
        { content: "The remarks", trigger: ".o_notebook .nav-link[name=remarks]", run: "click" },
        {
            content: "Add a remark",
            trigger: ".o_field_widget[name=remark_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "To the mathematics journal",
            trigger: `${remarkRow} .o_field_widget[name=assignment_id] input`,
            run: "edit Математика",
        },
        { trigger: pick("5А — Математика"), run: "click" },
        { content: "The remark", trigger: `${remarkRow} .o_field_widget[name=remark] textarea`, run: `edit ${REMARK}` },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { content: "Saved", trigger: ".o_form_saved" },
        { content: "Send to the teachers", trigger: "button[name=action_send]", run: "click" },
        { content: "Sent", trigger: status("sent") },
    ],
});

// 5. The teacher finds the check by the menu and answers the remark in the form.
registry.category("web_tour.tours").add("school_year_chain_teacher_answer", {
    steps: () => [
        { content: "The teacher's journal", trigger: ".o_school_journal_title" },
        { content: "Journal control", trigger: section("school_records_menu_journal_control"), run: "click" },
        { content: "The journal checks", trigger: item("school_journal_check_menu"), run: "click" },
        { content: "The end-of-quarter check", trigger: `${periodEndRow}:contains(5А) td[name=class_id]`, run: "click" },
        { content: "It waits for answers", trigger: status("sent") },
        { content: "The remarks", trigger: ".o_notebook .nav-link[name=remarks]", run: "click" },
        { content: "Open the answer", trigger: `${remarkRow}:contains(${REMARK}) td[name=answer]`, run: "click" },
        {
            content: "Write the answer",
            trigger: `${remarkRow} .o_field_widget[name=answer] textarea`,
            run: `edit ${ANSWER}`,
        },
        { content: "Send the answer", trigger: `${remarkRow} button[name=action_answer]`, run: "click" },
        { content: "Answered", trigger: `${remarkRow}:contains(${ANSWER}) td[name=state]:contains(Answered)` },
    ],
});

// 6. The deputy accepts the answers from the checks in progress.
registry.category("web_tour.tours").add("school_year_chain_deputy_accept", {
    steps: () => [
        { content: "The checks in progress, by state", trigger: ".o_group_header:contains(Sent to teachers)", run: "click" },
        { content: "The end-of-quarter check", trigger: `${periodEndRow}:contains(5А) td[name=class_id]`, run: "click" },
        { content: "The remarks", trigger: ".o_notebook .nav-link[name=remarks]", run: "click" },
        { content: "The answer is there", trigger: `${remarkRow} td[name=answer]:contains(${ANSWER})` },
        { content: "Accept the answers", trigger: "button[name=action_accept]", run: "click" },
        { content: "Accepted", trigger: status("accepted") },
    ],
});

// 7. The director signs the check off from «To sign».
registry.category("web_tour.tours").add("school_year_chain_director_sign", {
    steps: () => [
        { content: "The director lands on «To sign»", trigger: ".o_group_header:contains(Journal check)", run: "click" },
        { content: "The check waits", trigger: ".o_data_row:contains(5А) .o_data_cell", run: "click" },
        { content: "The end-of-quarter check", trigger: ".o_form_view .o_field_widget[name=kind]:contains(End of period)" },
        { content: "Sign it off", trigger: "button[name=action_sign]", run: "click" },
        { content: "Signed", trigger: status("signed") },
    ],
});

// 8. The deputy closes the quarter from the periods list: a tour a quarter, named by its
// number; the chain (tests/year_chain_term.py) plays the one of the day it runs.
for (const number of [1, 2, 3, 4]) {
    const quarter = `.o_data_row:has(td[name=name]:contains(Quarter ${number})):has(td[name=scheme]:contains(Quarters))`;
    registry.category("web_tour.tours").add(`school_year_chain_deputy_close_q${number}`, {
        steps: () => [
            { content: "The deputy's home", trigger: ".o_list_view" },
            { content: "The settings", trigger: section("school_records_menu_config"), run: "click" },
            { content: "The periods", trigger: item("school_period_menu"), run: "click" },
            {
                content: "This year's periods",
                trigger: ".o_list_renderer:has(th[data-name=date_deadline]) .o_group_header",
                run: "click",
            },
            { content: `Close quarter ${number}`, trigger: `${quarter} button[name=action_close]`, run: "click" },
            { content: "Yes, close it", trigger: ".modal .modal-footer .btn-primary", run: "click" },
            { content: "Closed", trigger: `${quarter} td[name=state]:contains(Closed)` },
        ],
    });
}

// 9. The teacher asks for a correction in the closed quarter from the grid.
registry.category("web_tour.tours").add("school_year_chain_teacher_correction", {
    steps: () => [
        { content: "The teacher's journal", trigger: ".o_school_journal_title" },
        ...openMathsOf5A,
        { content: "The journal is read-only: the quarter is closed", trigger: ".o_school_journal_readonly_reason" },
        {
            content: "Choose the daughter's mark of today",
            trigger: childRow,
            async run(helpers) {
                await helpers.click(focusCellOf(CHILD));
            },
        },
        { content: "Her cell is chosen", trigger: `${childRow} td.o_school_cell_active` },
        { content: "Type the right mark", trigger: ".o_school_journal_table:focus", run: "press 4" },
        { content: "Refused on the spot, a correction offered", trigger: ".o_school_journal_correction.alert-warning" },
        { content: "Request a correction", trigger: ".o_school_request_correction", run: "click" },
        { content: "The request is prefilled", trigger: ".modal div[name=new_value] input:value(4)" },
        { trigger: `.modal div[name=student_id] input:value(${CHILD})` },
        { content: "The reason", trigger: ".modal div[name=reason] textarea", run: `edit ${CORRECTION_REASON}` },
        { content: "Submit it to the deputy", trigger: ".modal button[name=action_submit]", run: "click" },
        { content: "Sent", trigger: "body:not(:has(.modal)) .o_school_journal_table" },
        {
            content: "The journal still has the old mark",
            trigger: `${childRow} td.o_school_cell`,
            run() {
                expectFocusCellOf(CHILD, "5");
            },
        },
    ],
});

// 10. The deputy approves the correction: the closed journal changes, audited.
registry.category("web_tour.tours").add("school_year_chain_deputy_approve", {
    steps: () => [
        { content: "The deputy's home", trigger: ".o_list_view" },
        { content: "The journal menu", trigger: section("school_records_menu_journal"), run: "click" },
        { content: "The corrections", trigger: item("school_journal_correction_menu"), run: "click" },
        {
            content: "The teacher's request",
            trigger: `.o_data_row:has(td[name=student_id]:contains(${CHILD})):has(td[name=state]:contains(Submitted)) td[name=student_id]`,
            run: "click",
        },
        { content: "Its reason", trigger: `.o_form_view .o_field_widget[name=reason]:contains(${CORRECTION_REASON})` },
        { content: "Approve and apply", trigger: "button[name=action_approve]", run: "click" },
        { content: "Yes", trigger: ".modal .modal-footer .btn-primary", run: "click" },
        { content: "Approved", trigger: status("approved") },
    ],
});
