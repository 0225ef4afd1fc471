/** @odoo-module **/

import { registry } from "@web/core/registry";

const row = (n) => `.o_school_journal_table tbody tr:nth-child(${n})`;
// the first cell of a row is the student's name
const cell = (r, c) => `${row(r)} td.o_school_cell:nth-child(${c + 1})`;

registry.category("web_tour.tours").add("school_journal_grid_tour", {
    steps: () => [
        { content: "The journal is open", trigger: ".o_school_journal_table" },
        { content: "Select the first cell", trigger: cell(1, 1), run: "click" },
        { content: "Type a mark", trigger: ".o_school_journal_table:focus", run: "press 4" },
        { content: "Confirm it", trigger: ".o_school_cell_input:focus", run: "press Enter" },
        { content: "Move to the next lesson", trigger: `${cell(2, 1)}.o_school_cell_active`, run: "press ArrowRight" },
        { content: "Mark an absence", trigger: `${cell(2, 2)}.o_school_cell_active`, run: "press н" },
        { content: "Confirm it", trigger: ".o_school_cell_input:focus", run: "press Enter" },
        { content: "Saved with the new average", trigger: `${row(1)} td.o_school_average:contains(4.00)` },
        { trigger: `.o_school_journal_status:contains(All changes saved)` },
        {
            content: "Reload the page",
            trigger: `${cell(2, 2)}:contains(н):not(.o_school_cell_pending)`,
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        { content: "The mark is still there", trigger: `${cell(1, 1)}:contains(4)` },
        { content: "The absence is still there", trigger: `${cell(2, 2)}:contains(н)` },
        { content: "The average is right", trigger: `${row(1)} td.o_school_proposed:contains(4)` },
        { content: "The other average is right", trigger: `${row(2)} td.o_school_average:contains(5.00)` },
    ],
});
