/** @odoo-module **/

import { Component, onWillStart, useEffect, useRef, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const SAVE_DELAY = 400;
const HINT_KEY = "school_records.journal_grid.hint_dismissed";

/**
 * Электронный журнал: one teaching assignment and one period, students in rows,
 * lessons in columns, the period mark in the last column. Typing a mark or an absence
 * code edits the cell; arrows move; Delete clears; changes are saved in batches, and a
 * refused value stays in its cell, marked, with its reason shown above the grid.
 *
 * Nothing typed is lost: keys that arrive before the cell's input is on screen (or
 * while a save is in flight) are appended to the text being edited, and the cells
 * typed during a save wait for the next one.
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
            refused: {},
            pending: {},
            saving: false,
            studyGroupId: false,
            hintHidden: Boolean(browser.localStorage.getItem(HINT_KEY)),
            periodStudentId: false,
            periodCode: "",
            periodReason: "",
            periodError: "",
            proposing: false,
            correctionAsked: false,
            correctionText: "",
        });
        this.saveTimer = null;
        this.savePromise = null;
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
                    this.tableRef.el.focus({ preventScroll: true });
                }
            },
            () => [this.state.editing]
        );
        useEffect(
            () => {
                // the active cell is always in view, below the sticky header and right of
                // the sticky student column (their sizes are the cells' scroll margins)
                const active = this.tableRef.el?.querySelector(".o_school_cell_active");
                if (active) {
                    active.scrollIntoView({ block: "nearest", inline: "nearest" });
                }
            },
            () => [this.state.row, this.state.col, this.state.data]
        );
    }

    // data ----------------------------------------------------------------------------
    async load() {
        const data = await this.orm.call("school.journal.grid", "load", [
            this.assignmentId,
            this.periodId,
            this.state.studyGroupId || false,
        ]);
        this.state.data = data;
        this.state.errors = {};
        this.state.refused = {};
        this.state.periodStudentId = false;
        this.state.correctionAsked = false;
        if (!data) {
            return;
        }
        this.assignmentId = data.assignment.id;
        this.periodId = data.period.id;
        const focus = data.lessons.findIndex((lesson) => lesson.id === data.focus_lesson_id);
        this.state.col = focus >= 0 ? focus : Math.max(data.lessons.length - 1, 0);
        this.state.row = 0;
    }

    get students() {
        return this.state.data ? this.state.data.students : [];
    }

    get lessons() {
        return this.state.data ? this.state.data.lessons : [];
    }

    get journalGroups() {
        const groups = [];
        for (const journal of this.state.data.journals) {
            let group = groups.find((g) => g.name === journal.class);
            if (!group) {
                group = { name: journal.class, journals: [] };
                groups.push(group);
            }
            group.journals.push(journal);
        }
        return groups;
    }

    journalLabel(journal) {
        const label = `${journal.class} · ${journal.subject}`;
        if (journal.own) {
            return label;
        }
        const readOnly = _t("Read only");
        return `${label} — ${journal.teacher} (${readOnly})`;
    }

    key(student, lesson) {
        return `${student.id}-${lesson.id}`;
    }

    savedText(key) {
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

    cellText(student, lesson) {
        const key = this.key(student, lesson);
        if (key in this.state.pending) {
            return this.state.pending[key];
        }
        if (key in this.state.refused) {
            return this.state.refused[key];
        }
        return this.savedText(key);
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

    get refusedCells() {
        const result = [];
        this.students.forEach((student, row) => {
            this.lessons.forEach((lesson, col) => {
                const key = this.key(student, lesson);
                if (this.state.errors[key]) {
                    result.push({
                        key,
                        row,
                        col,
                        student: student.name,
                        date: this.formatDate(lesson.date),
                        text: this.cellText(student, lesson),
                        reason: this.state.errors[key],
                    });
                }
            });
        });
        return result;
    }

    average(student) {
        const mark = this.periodMark(student);
        const average = this.state.data.averages[student.id];
        if (average) {
            return average.average.toFixed(2);
        }
        return mark && mark.mark_count ? mark.average.toFixed(2) : "";
    }

    proposed(student) {
        const average = this.state.data.averages[student.id];
        return average ? average.proposed : "";
    }

    periodMark(student) {
        return this.state.data.period_marks[student.id] || false;
    }

    periodCellText(student) {
        const mark = this.periodMark(student);
        if (!mark) {
            return this.proposed(student);
        }
        return mark.state === "confirmed" ? mark.value : mark.proposed;
    }

    periodCellClass(student) {
        const mark = this.periodMark(student);
        return {
            o_school_period_cell: true,
            o_school_proposed: true,
            "text-center": true,
            "text-muted": !mark,
            o_school_period_draft: mark && mark.state === "draft",
            o_school_period_uncertain: mark && mark.state === "draft" && !mark.confident,
            o_school_period_confirmed: mark && mark.state === "confirmed",
            o_school_period_selected: student.id === this.state.periodStudentId,
        };
    }

    periodCellTitle(student) {
        const mark = this.periodMark(student);
        if (!mark) {
            return _t("Not proposed yet: the live proposal from the average");
        }
        return [mark.note, mark.reason].filter(Boolean).join("\n");
    }

    get selectedStudent() {
        return this.students.find((s) => s.id === this.state.periodStudentId) || false;
    }

    get selectedPeriodMark() {
        const student = this.selectedStudent;
        return student ? this.periodMark(student) : false;
    }

    get overrideNeedsReason() {
        const mark = this.selectedPeriodMark;
        return Boolean(mark && this.state.periodCode && this.state.periodCode !== mark.proposed);
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
        this.state.correctionAsked = false;
        this.state.correctionText = "";
        this.tableRef.el.focus({ preventScroll: true });
    }

    onCellDblClick(rowIndex, colIndex) {
        this.onCellClick(rowIndex, colIndex);
        this.startEdit(this.cellText(this.students[rowIndex], this.lessons[colIndex]));
    }

    onTableKeydown(ev) {
        const printable = ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
        if (this.state.editing) {
            // the cell's input is not on screen yet: the key belongs to the cell anyway
            if (printable) {
                ev.preventDefault();
                this.state.editText += ev.key;
            } else if (ev.key === "Backspace") {
                ev.preventDefault();
                this.state.editText = this.state.editText.slice(0, -1);
            } else if (ev.key === "Enter" || ev.key === "Tab") {
                ev.preventDefault();
                this.commitEdit();
                this.move(...(ev.key === "Enter" ? [1, 0] : [0, 1]));
            }
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
        } else if (printable) {
            ev.preventDefault();
            this.startEdit(ev.key);
        }
    }

    onInput(ev) {
        this.state.editText = ev.target.value;
    }

    onInputKeydown(ev) {
        // the grid's own keys must not act on the cell being typed in
        ev.stopPropagation();
        const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], Enter: [1, 0], Tab: [0, 1] };
        if (ev.key === "Escape") {
            ev.preventDefault();
            this.state.editing = false;
            this.tableRef.el.focus({ preventScroll: true });
        } else if (moves[ev.key]) {
            ev.preventDefault();
            this.commitEdit();
            this.move(...moves[ev.key]);
            this.tableRef.el.focus({ preventScroll: true });
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
        if (!lesson || !this.students[this.state.row]) {
            return;
        }
        if (!lesson.editable) {
            // a closed period: say so on the spot and offer the correction request
            this.state.correctionAsked = true;
            this.state.correctionText = text;
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
        this.state.correctionAsked = false;
        this.state.correctionText = "";
    }

    goTo(row, col) {
        this.commitEdit();
        this.state.row = row;
        this.state.col = col;
        this.tableRef.el.focus({ preventScroll: true });
    }

    setCurrent(text) {
        const lesson = this.currentLesson();
        const student = this.students[this.state.row];
        if (!lesson || !student || !lesson.editable) {
            return;
        }
        const key = this.key(student, lesson);
        delete this.state.refused[key];
        this.state.pending[key] = text;
        this.scheduleSave();
    }

    dismissHint() {
        browser.localStorage.setItem(HINT_KEY, "1");
        this.state.hintHidden = true;
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
        let done;
        this.savePromise = new Promise((resolve) => (done = resolve));
        try {
            const result = await this.orm.call("school.journal.grid", "save", [
                this.assignmentId,
                this.periodId,
                cells,
            ]);
            for (const key of Object.keys(pending)) {
                const retyped = this.state.pending[key] !== pending[key];
                if (!retyped) {
                    delete this.state.pending[key];
                }
                delete this.state.errors[key];
                delete this.state.refused[key];
                delete this.state.data.cells[key];
                if (result.errors[key] && !retyped) {
                    // the refused value stays in its cell, marked, until it is corrected
                    this.state.refused[key] = pending[key];
                }
            }
            Object.assign(this.state.data.cells, result.cells);
            Object.assign(this.state.errors, result.errors);
            Object.assign(this.state.data.averages, result.averages);
        } finally {
            this.state.saving = false;
            this.savePromise = null;
            done();
        }
        if (Object.keys(this.state.pending).length) {
            this.scheduleSave();
        }
    }

    /** Before leaving this journal or period: wait for the save in flight, then save
     * what was typed meanwhile, so nothing goes to the journal opened next. */
    async settle() {
        clearTimeout(this.saveTimer);
        for (let attempt = 0; attempt < 5; attempt++) {
            if (this.savePromise) {
                await this.savePromise;
            } else if (Object.keys(this.state.pending).length) {
                await this.flush();
            } else {
                break;
            }
        }
        clearTimeout(this.saveTimer);
    }

    // period marks ----------------------------------------------------------------------
    onPeriodCellClick(student) {
        this.commitEdit();
        const mark = this.periodMark(student);
        this.state.periodStudentId = student.id;
        this.state.periodCode = mark ? mark.value || mark.proposed : "";
        this.state.periodReason = mark ? mark.reason : "";
        this.state.periodError = "";
    }

    closePeriodPanel() {
        this.state.periodStudentId = false;
        this.state.periodError = "";
    }

    errorMessage(error) {
        return (error.data && error.data.message) || error.message || String(error);
    }

    async proposePeriodMarks() {
        this.commitEdit();
        await this.settle();
        this.state.proposing = true;
        this.state.periodError = "";
        try {
            this.state.data.period_marks = await this.orm.call(
                "school.journal.grid",
                "propose_period_marks",
                [this.assignmentId, this.periodId]
            );
            this.notification.add(_t("Period marks proposed: check the uncertain ones."), {
                type: "success",
            });
        } finally {
            this.state.proposing = false;
        }
    }

    async confirmPeriodMark() {
        const mark = this.selectedPeriodMark;
        if (!mark) {
            return;
        }
        if (this.overrideNeedsReason && !(this.state.periodReason || "").trim()) {
            this.state.periodError = _t(
                "The mark differs from the proposed one: write the reason."
            );
            return;
        }
        this.state.periodError = "";
        try {
            const marks = await this.orm.call("school.journal.grid", "confirm_period_mark", [
                mark.id,
                this.state.periodCode || false,
                this.overrideNeedsReason ? this.state.periodReason : false,
            ]);
            Object.assign(this.state.data.period_marks, marks);
        } catch (error) {
            if (error.data) {
                this.state.periodError = this.errorMessage(error);
                return;
            }
            throw error;
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

    async requestCorrection() {
        const student = this.students[this.state.row];
        const lesson = this.currentLesson();
        if (!student || !lesson) {
            return;
        }
        const cell = this.state.data.cells[this.key(student, lesson)];
        const typed = this.state.correctionText;
        const absenceOnly = cell && cell.absence && !cell.marks.length && !typed;
        await this.action.doAction(
            {
                type: "ir.actions.act_window",
                name: _t("Correction request"),
                res_model: "school.journal.correction",
                views: [[false, "form"]],
                target: "new",
                context: {
                    default_lesson_id: lesson.id,
                    default_student_id: student.id,
                    default_kind: absenceOnly ? "absence" : "mark",
                    default_new_value: typed || this.currentText(),
                },
            },
            { onClose: () => (this.state.correctionAsked = false) }
        );
    }

    async onPeriodChange(ev) {
        this.commitEdit();
        await this.settle();
        this.periodId = Number(ev.target.value);
        await this.load();
    }

    async onStudyGroupChange(ev) {
        this.commitEdit();
        await this.settle();
        this.state.studyGroupId = Number(ev.target.value) || false;
        await this.load();
    }

    async onAssignmentChange(ev) {
        this.commitEdit();
        await this.settle();
        this.assignmentId = Number(ev.target.value);
        // the period of that journal's lesson of today (or its latest one)
        this.periodId = false;
        this.state.studyGroupId = false;
        await this.load();
    }
}

registry.category("actions").add("school_journal_grid", JournalGrid);
