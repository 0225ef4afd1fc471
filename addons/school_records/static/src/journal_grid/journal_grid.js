/** @odoo-module **/

import { Component, onWillStart, useEffect, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const SAVE_DELAY = 400;

/**
 * Электронный журнал: one teaching assignment and one period, students in rows,
 * lessons in columns. Typing a mark or an absence code edits the cell; arrows move;
 * Delete clears; changes are saved in batches and an error stays on its cell.
 */
export class JournalGrid extends Component {
    static template = "school_records.JournalGrid";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.tableRef = useRef("table");
        this.inputRef = useRef("input");
        this.state = useState({
            data: null,
            row: 0,
            col: 0,
            editing: false,
            editText: "",
            errors: {},
            pending: {},
            saving: false,
            studyGroupId: false,
        });
        this.saveTimer = null;
        const context = this.props.action.context || {};
        this.assignmentId = context.assignment_id || context.active_id || false;
        this.periodId = context.period_id || false;
        onWillStart(() => this.load());
        useEffect(
            (editing) => {
                const input = this.inputRef.el;
                if (editing && input) {
                    input.focus();
                    input.setSelectionRange(input.value.length, input.value.length);
                } else if (!editing && this.tableRef.el) {
                    // keep the keyboard on the grid once a cell is left
                    this.tableRef.el.focus();
                }
            },
            () => [this.state.editing]
        );
    }

    // data ----------------------------------------------------------------------------
    async load() {
        if (!this.assignmentId) {
            this.assignmentId = await this.orm.call("school.journal.grid", "default_assignment", []);
        }
        if (!this.assignmentId) {
            this.state.data = false;
            return;
        }
        this.state.data = await this.orm.call("school.journal.grid", "load", [
            this.assignmentId,
            this.periodId,
            this.state.studyGroupId || false,
        ]);
        this.periodId = this.state.data.period.id;
        this.state.errors = {};
    }

    get students() {
        return this.state.data ? this.state.data.students : [];
    }

    get lessons() {
        return this.state.data ? this.state.data.lessons : [];
    }

    key(student, lesson) {
        return `${student.id}-${lesson.id}`;
    }

    cellText(student, lesson) {
        const key = this.key(student, lesson);
        if (key in this.state.pending) {
            return this.state.pending[key];
        }
        const cell = this.state.data.cells[key];
        if (!cell) {
            return "";
        }
        const parts = cell.marks.map((mark) => mark.code);
        if (cell.absence) {
            parts.push(cell.absence);
        }
        return parts.join(" ");
    }

    cellTitle(student, lesson) {
        const key = this.key(student, lesson);
        if (this.state.errors[key]) {
            return this.state.errors[key];
        }
        const cell = this.state.data.cells[key];
        if (!cell) {
            return "";
        }
        return cell.marks
            .map((mark) => `${mark.code}: ${mark.work_type} (${_t("weight")} ${mark.weight})`)
            .join("\n");
    }

    cellClass(student, lesson, rowIndex, colIndex) {
        const key = this.key(student, lesson);
        const cell = this.state.data.cells[key];
        return {
            o_school_cell: true,
            o_school_cell_active: rowIndex === this.state.row && colIndex === this.state.col,
            o_school_cell_error: Boolean(this.state.errors[key]),
            o_school_cell_pending: key in this.state.pending,
            o_school_cell_absent: Boolean(cell && cell.absence),
            o_school_cell_readonly: !lesson.editable,
            o_school_cell_control: lesson.is_control,
        };
    }

    average(student) {
        const average = this.state.data.averages[student.id];
        return average ? average.average.toFixed(2) : "";
    }

    proposed(student) {
        const average = this.state.data.averages[student.id];
        return average ? average.proposed : "";
    }

    formatDate(isoDate) {
        const [, month, day] = isoDate.split("-");
        return `${day}.${month}`;
    }

    // keyboard --------------------------------------------------------------------------
    onCellClick(rowIndex, colIndex) {
        this.commitEdit();
        this.state.row = rowIndex;
        this.state.col = colIndex;
        this.tableRef.el.focus();
    }

    onCellDblClick(rowIndex, colIndex) {
        this.onCellClick(rowIndex, colIndex);
        this.startEdit(this.cellText(this.students[rowIndex], this.lessons[colIndex]));
    }

    onTableKeydown(ev) {
        if (this.state.editing) {
            return;
        }
        const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
        if (moves[ev.key]) {
            ev.preventDefault();
            this.move(...moves[ev.key]);
        } else if (ev.key === "Delete" || ev.key === "Backspace") {
            ev.preventDefault();
            this.setCurrent("");
        } else if (ev.key === "Enter" || ev.key === "F2") {
            ev.preventDefault();
            this.startEdit(this.currentText());
        } else if (ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
            ev.preventDefault();
            this.startEdit(ev.key);
        }
    }

    onInputKeydown(ev) {
        // the grid's own keys must not act on the cell being typed in
        ev.stopPropagation();
        const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], Enter: [1, 0], Tab: [0, 1] };
        if (ev.key === "Escape") {
            ev.preventDefault();
            this.state.editing = false;
            this.tableRef.el.focus();
        } else if (moves[ev.key]) {
            ev.preventDefault();
            this.commitEdit();
            this.move(...moves[ev.key]);
            this.tableRef.el.focus();
        }
    }

    onInputBlur() {
        this.commitEdit();
    }

    currentText() {
        return this.cellText(this.students[this.state.row], this.lessons[this.state.col]);
    }

    currentLesson() {
        return this.lessons[this.state.col];
    }

    startEdit(text) {
        const lesson = this.currentLesson();
        if (!lesson || !lesson.editable) {
            return;
        }
        this.state.editText = text;
        this.state.editing = true;
    }

    commitEdit() {
        if (!this.state.editing) {
            return;
        }
        this.state.editing = false;
        const text = (this.inputRef.el ? this.inputRef.el.value : this.state.editText).trim();
        if (text !== this.currentText()) {
            this.setCurrent(text);
        }
    }

    move(dRow, dCol) {
        const row = Math.min(Math.max(this.state.row + dRow, 0), this.students.length - 1);
        const col = Math.min(Math.max(this.state.col + dCol, 0), this.lessons.length - 1);
        this.state.row = row;
        this.state.col = col;
    }

    setCurrent(text) {
        const lesson = this.currentLesson();
        const student = this.students[this.state.row];
        if (!lesson || !student || !lesson.editable) {
            return;
        }
        this.state.pending[this.key(student, lesson)] = text;
        this.scheduleSave();
    }

    // saving ----------------------------------------------------------------------------
    scheduleSave() {
        clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => this.flush(), SAVE_DELAY);
    }

    async flush() {
        const pending = { ...this.state.pending };
        const cells = Object.entries(pending).map(([key, text]) => {
            const [studentId, lessonId] = key.split("-").map(Number);
            return { student_id: studentId, lesson_id: lessonId, text };
        });
        if (!cells.length || this.state.saving) {
            return;
        }
        this.state.saving = true;
        try {
            const result = await this.orm.call("school.journal.grid", "save", [
                this.assignmentId,
                this.periodId,
                cells,
            ]);
            for (const key of Object.keys(pending)) {
                if (this.state.pending[key] === pending[key]) {
                    delete this.state.pending[key];
                }
                delete this.state.errors[key];
                delete this.state.data.cells[key];
            }
            Object.assign(this.state.data.cells, result.cells);
            Object.assign(this.state.errors, result.errors);
            Object.assign(this.state.data.averages, result.averages);
            if (Object.keys(result.errors).length) {
                this.notification.add(_t("Some cells were not saved: see the cells marked red."), {
                    type: "danger",
                });
            }
        } finally {
            this.state.saving = false;
        }
        if (Object.keys(this.state.pending).length) {
            this.scheduleSave();
        }
    }

    // header, filters -------------------------------------------------------------------
    async openLesson(lesson) {
        await this.action.doAction(
            {
                type: "ir.actions.act_window",
                res_model: "school.lesson",
                res_id: lesson.id,
                views: [[false, "form"]],
                target: "new",
            },
            { onClose: () => this.load() }
        );
    }

    async onPeriodChange(ev) {
        await this.flush();
        this.periodId = Number(ev.target.value);
        this.state.row = 0;
        this.state.col = 0;
        await this.load();
    }

    async onStudyGroupChange(ev) {
        await this.flush();
        this.state.studyGroupId = Number(ev.target.value) || false;
        this.state.row = 0;
        await this.load();
    }

    async onAssignmentChange(ev) {
        await this.flush();
        this.assignmentId = Number(ev.target.value);
        this.state.row = 0;
        this.state.col = 0;
        await this.load();
    }
}

registry.category("actions").add("school_journal_grid", JournalGrid);
