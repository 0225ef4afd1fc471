/** @odoo-module **/

import { registry } from "@web/core/registry";

// The timetable through the board (tests/test_timetable_board_tour.py): the deputy puts a
// lesson on a draft's board, sees a clash and removes it, publishes and generates a
// week's lessons; then the teacher finds the lesson in the journal grid.
const cell = (weekday, number) =>
    `td.o_school_board_cell[data-weekday='${weekday}'][data-number='${number}']`;
const journal = (subject) => `.o_school_board_palette_item:contains(${subject})`;

// the machine running the tests may be busy: a step waits up to 30 s for the server
const patient = (steps) => steps.map((step) => ({ timeout: 30000, ...step }));

function pickRoom(name) {
    const select = document.querySelector("select.o_school_board_room");
    const option = [...select.options].find((o) => o.textContent.includes(name));
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("school_timetable_board_tour", {
    steps: () =>
        patient([
            { content: "The draft timetable's form", trigger: ".o_form_view .o_statusbar_status" },
            {
                content: "Open the board",
                trigger: ".o_form_view button[name=action_open_board]",
                run: "click",
            },
            { content: "The board is open", trigger: `.o_school_board_table ${cell(0, 1)} .o_school_board_slot` },
            {
                content: "Mathematics: 1 of 5 hours a week on the board",
                trigger: `${journal("Математика")} .o_school_board_hours:contains(1 / 5)`,
            },
            {
                content: "Drag mathematics onto Thursday, lesson 1",
                trigger: journal("Математика"),
                run: `drag_and_drop ${cell(3, 1)}`,
            },
            {
                content: "The lesson is on the board",
                trigger: `${cell(3, 1)} .o_school_board_slot:contains(Математика)`,
            },
            {
                content: "Two hours placed, three left",
                trigger: `${journal("Математика")} .o_school_board_hours:contains(2 / 5):contains(3 left)`,
            },
            {
                content: "Select the new lesson",
                trigger: `${cell(3, 1)} .o_school_board_slot`,
                run: "click",
            },
            {
                content: "Put it in room 21",
                trigger: ".o_school_board_editor select.o_school_board_room",
                run: () => pickRoom("21"),
            },
            { content: "The room is saved", trigger: `${cell(3, 1)} .o_school_board_slot:contains(21 (тест))` },
            {
                content: "Drag history onto Wednesday, lesson 3: its teacher teaches 6Б then",
                trigger: journal("История"),
                run: `drag_and_drop ${cell(2, 3)}`,
            },
            {
                content: "The clash shows on the cell with its reason",
                trigger: `${cell(2, 3)}.o_school_board_cell_clash .o_school_board_clash_reason:contains(Сидоров Олег)`,
            },
            { content: "And above the board", trigger: ".o_school_board_clashes:contains(two lessons at once)" },
            {
                content: "Select the clashing lesson",
                trigger: `${cell(2, 3)} .o_school_board_slot`,
                run: "click",
            },
            { content: "Remove it", trigger: ".o_school_board_editor .o_school_board_remove", run: "click" },
            { content: "The cell is free again", trigger: `${cell(2, 3)}.o_school_board_cell_free` },
            {
                content: "No clash left",
                trigger: ".o_school_board:not(:has(.o_school_board_clashes)) .o_school_board_publish",
            },
            { content: "Publish", trigger: ".o_school_board_publish", run: "click" },
            { content: "Published", trigger: ".o_school_board_state:contains(Published)" },
            {
                content: "A published board is read-only",
                trigger: `.o_school_board_readonly_hint ~ .d-flex ${journal("Математика")}[draggable=false]`,
            },
            { content: "Generate the lessons", trigger: ".o_school_board_generate", run: "click" },
            {
                content: "From Monday",
                trigger: ".modal .o_field_widget[name=date_from] input",
                run: "edit 09/17/2035",
            },
            {
                content: "To Saturday",
                trigger: ".modal .o_field_widget[name=date_to] input",
                run: "edit 09/22/2035",
            },
            { content: "Generate", trigger: ".modal button[name=action_generate]", run: "click" },
            {
                content: "The lessons are made",
                trigger: ".modal .o_field_widget[name=result]:contains(Lessons created)",
            },
            { content: "Close", trigger: ".modal .modal-footer button:contains(Close)", run: "click" },
            {
                content: "Back on the board",
                trigger: `body:not(:has(.modal)) ${cell(3, 1)} .o_school_board_slot:contains(Математика)`,
            },
            {
                content: "A published timetable changes through a new draft: copy it",
                trigger: ".o_school_board_copy",
                run: "click",
            },
            {
                content: "To the next period, from 5 November",
                trigger: ".modal .o_field_widget[name=date_from] input",
                run: "edit 11/05/2035",
            },
            { content: "Copy", trigger: ".modal button[name=action_copy]", run: "click" },
            {
                content: "The new draft",
                trigger: "body:not(:has(.modal)) .o_list_view .o_data_row:contains(Draft) td[name=class_id]",
                run: "click",
            },
            {
                content: "Its form",
                trigger: ".o_form_view button[name=action_open_board]",
                run: "click",
            },
            {
                content: "Its board is editable and holds the copied lessons",
                trigger: `.o_school_board:has(.o_school_board_publish) ${cell(3, 1)} .o_school_board_slot[draggable=true]:contains(Математика)`,
            },
        ]),
});

registry.category("web_tour.tours").add("school_timetable_board_teacher_tour", {
    steps: () =>
        patient([
            { content: "The journal's form", trigger: ".o_form_view button[name=action_open_journal]", run: "click" },
            { content: "The journal grid is open", trigger: ".o_school_journal_table" },
            {
                content: "Thursday 20 September: the lesson put on the board",
                trigger: ".o_school_journal_table th.o_school_lesson_header:contains(20.09)",
            },
        ]),
});

function choose(selector, ...texts) {
    const select = document.querySelector(selector);
    const option = [...select.options].find((o) => texts.every((t) => o.textContent.includes(t)));
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
}

function setDate(selector, value) {
    const input = document.querySelector(selector);
    input.value = value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("school_timetable_board_views_tour", {
    steps: () =>
        patient([
            { content: "The board from the menu: choose a timetable", trigger: "select.o_school_board_choose" },
            {
                content: "5А from 1 September 2035",
                trigger: "select.o_school_board_choose",
                run: () => choose("select.o_school_board_choose", "5А", "01.09.2035"),
            },
            {
                content: "A teacher reads the board: nothing to drag, no publication",
                trigger: `.o_school_board:not(:has(.o_school_board_publish)) ${journal("Математика")}[draggable=false]`,
            },
            {
                content: "The lesson put on the board by the deputy",
                trigger: `${cell(3, 1)} .o_school_board_slot:contains(Математика)`,
            },
            { content: "The timetable menu", trigger: ".o_menu_sections button:contains(Timetable)", run: "click" },
            { content: "The board by teacher", trigger: ".dropdown-item:contains(Board by teacher)", run: "click" },
            {
                content: "On a day of that week",
                trigger: ".o_school_board[data-mode=teacher] input.o_school_board_date",
                run: () => setDate(".o_school_board[data-mode=teacher] input.o_school_board_date", "2035-09-17"),
            },
            {
                content: "Choose the history teacher",
                trigger: ".o_school_board[data-mode=teacher] select.o_school_board_resource:has(option:contains(Сидоров Олег))",
                run: () => choose(".o_school_board[data-mode=teacher] select.o_school_board_resource", "Сидоров Олег"),
            },
            {
                content: "His lessons in 6Б and in 5А",
                trigger: `${cell(0, 1)} .o_school_board_slot:contains(6Б):contains(Математика)`,
            },
            { trigger: `${cell(1, 2)} .o_school_board_slot:contains(5А):contains(История)` },
            { content: "The timetable menu", trigger: ".o_menu_sections button:contains(Timetable)", run: "click" },
            { content: "The board by room", trigger: ".dropdown-item:contains(Board by room)", run: "click" },
            {
                content: "On a day of that week",
                trigger: ".o_school_board[data-mode=room] input.o_school_board_date",
                run: () => setDate(".o_school_board[data-mode=room] input.o_school_board_date", "2035-09-17"),
            },
            {
                content: "Room 21",
                trigger: ".o_school_board[data-mode=room] select.o_school_board_resource:has(option:contains(21 (тест)))",
                run: () => choose(".o_school_board[data-mode=room] select.o_school_board_resource", "21 (тест)"),
            },
            {
                content: "5А's two mathematics lessons there",
                trigger: `${cell(3, 1)} .o_school_board_slot:contains(5А):contains(Математика)`,
            },
            { trigger: `${cell(0, 1)} .o_school_board_slot:contains(5А):contains(Петрова Анна)` },
        ]),
});
