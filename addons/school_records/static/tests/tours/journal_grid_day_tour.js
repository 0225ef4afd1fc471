/** @odoo-module **/

import { registry } from "@web/core/registry";

const row = (n) => `.o_school_journal_table tbody tr:nth-child(${n})`;
// the first cell of a row is the student's name
const cell = (r, c) => `${row(r)} td.o_school_cell:nth-child(${c + 1})`;
const period = (r) => `${row(r)} td.o_school_period_cell`;

/** Keys sent at once, as a fast typist does: the grid renders nothing in between. */
function typeFast(keys) {
    const table = document.querySelector(".o_school_journal_table");
    for (const key of keys) {
        table.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
    }
}

/** Choose the option of a header <select> whose label holds `text`. */
function choose(selector, text) {
    const select = document.querySelector(selector);
    const option = [...select.options].find((o) => o.textContent.includes(text));
    if (!option) {
        throw new Error(`No option «${text}» in ${selector}`);
    }
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("school_journal_grid_day_tour", {
    steps: () => [
        // from the menu: School → Journal → Class journal
        { content: "Open the apps menu", trigger: ".o_navbar_apps_menu button", run: "click" },
        {
            content: "Open the school",
            trigger: '.o_app[data-menu-xmlid="school_records.school_records_menu_root"]',
            run: "click",
        },
        {
            content: "Open the journal section",
            trigger: '.o_menu_sections [data-menu-xmlid="school_records.school_records_menu_journal"]',
            run: "click",
        },
        {
            content: "Open the class journal",
            trigger: '.dropdown-item[data-menu-xmlid="school_records.school_journal_grid_menu"]',
            run: "click",
        },
        // lands on today's lesson (08.09) of the teacher's journal, in quarter 1
        { content: "Today's lesson is highlighted", trigger: ".o_school_lesson_focus:contains(08.09)" },
        { content: "Its cell is active", trigger: `${cell(1, 2)}.o_school_cell_active` },
        { trigger: ".o_school_journal_period:has(option:selected:contains(1))" },
        {
            content: "The date header and the student column stick when the grid scrolls",
            trigger: ".o_school_journal_table tbody td.o_school_journal_student",
            run() {
                const header = document.querySelector(".o_school_journal_table thead th");
                const student = document.querySelector(
                    ".o_school_journal_table tbody td.o_school_journal_student"
                );
                for (const el of [header, student]) {
                    if (getComputedStyle(el).position !== "sticky") {
                        throw new Error(`${el.className} does not stick`);
                    }
                }
            },
        },
        { content: "Hide the shortcuts hint", trigger: ".o_school_journal_hint_close", run: "click" },
        { trigger: ".o_school_journal_table:not(:has(.o_school_cell_input))" },
        {
            content: "Type quickly into two cells: nothing typed is lost",
            trigger: `.o_school_journal:not(:has(.o_school_journal_hint)) ${cell(1, 2)}.o_school_cell_active`,
            run() {
                typeFast(["4", " ", "3", "Enter", "5", "Enter"]);
            },
        },
        { content: "The first cell kept every key", trigger: `${cell(1, 2)}:contains(4 3)` },
        { content: "The second too", trigger: `${cell(2, 2)}:contains(5)` },
        { trigger: ".o_school_journal_status:contains(All changes saved)" },
        { content: "A bad value", trigger: cell(1, 1), run: "click" },
        {
            content: "Type 7",
            trigger: `${cell(1, 1)}.o_school_cell_active`,
            run() {
                typeFast(["7", "Enter"]);
            },
        },
        { content: "It stays in its cell, marked", trigger: `${cell(1, 1)}.o_school_cell_error:contains(7)` },
        {
            content: "Its reason is shown",
            trigger: ".o_school_journal_refused .o_school_refused_reason:contains(7)",
        },
        { content: "Correct it", trigger: ".o_school_refused_line a", run: "click" },
        {
            content: "Type 4",
            trigger: `${cell(1, 1)}.o_school_cell_active`,
            run() {
                typeFast(["Backspace", "4", "Enter"]);
            },
        },
        { trigger: `${cell(1, 1)}:not(.o_school_cell_error):not(.o_school_cell_pending):contains(4)` },
        { trigger: ".o_school_journal:not(:has(.o_school_journal_refused))" },
        // period marks
        { content: "Propose the period marks", trigger: ".o_school_propose_period_marks", run: "click" },
        { content: "Proposed", trigger: `${period(1)}.o_school_period_draft:contains(4)` },
        { content: "Open the first student's period mark", trigger: period(1), run: "click" },
        { trigger: ".o_school_period_panel .o_school_period_average:contains(3.67)" },
        { content: "Confirm the proposal", trigger: ".o_school_period_confirm", run: "click" },
        { content: "Confirmed", trigger: `${period(1)}.o_school_period_confirmed:contains(4)` },
        { content: "The second student's", trigger: `${period(2)}.o_school_period_draft`, run: "click" },
        { content: "Another mark", trigger: ".o_school_period_code", run: "select 4" },
        { content: "Without a reason", trigger: ".o_school_period_reason_input" },
        { trigger: ".o_school_period_confirm", run: "click" },
        { content: "A reason is needed", trigger: ".o_school_period_error" },
        { content: "Write it", trigger: ".o_school_period_reason_input", run: "edit Устный зачёт не сдан" },
        { trigger: ".o_school_period_confirm", run: "click" },
        { content: "Confirmed with the reason", trigger: `${period(2)}.o_school_period_confirmed:contains(4)` },
        { trigger: ".o_school_period_reason:contains(Устный зачёт не сдан)" },
        // a closed period
        {
            content: "Switch to quarter 2, closed",
            trigger: ".o_school_journal_period",
            run() {
                choose(".o_school_journal_period", "2");
            },
        },
        { content: "It says why it is read only", trigger: ".o_school_journal_readonly_reason:contains(closed)" },
        { content: "Choose a cell", trigger: cell(2, 1), run: "click" },
        {
            content: "Typing is refused on the spot",
            trigger: `${cell(2, 1)}.o_school_cell_active`,
            run() {
                typeFast(["3"]);
            },
        },
        { trigger: ".o_school_journal_correction.alert-warning" },
        { content: "Ask for a correction", trigger: ".o_school_request_correction", run: "click" },
        { content: "The request is prefilled", trigger: ".modal .o_form_view div[name=new_value] input:value(3)" },
        { trigger: ".modal div[name=student_id] input:value(Иванов)" },
        { content: "The reason", trigger: ".modal div[name=reason] textarea", run: "edit Отметка за ответ у доски не выставлена" },
        { content: "Save", trigger: ".modal .o_form_button_save", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        // another class from the header
        {
            content: "Switch to 6Б",
            trigger: ".o_school_journal_assignment",
            run() {
                choose(".o_school_journal_assignment", "6Б");
            },
        },
        { content: "The journal of 6Б", trigger: ".o_school_journal_title:contains(6Б)" },
        { trigger: ".o_school_lesson_focus:contains(05.09)" },
    ],
});
