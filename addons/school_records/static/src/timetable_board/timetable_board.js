/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * Доска расписания: a class's week, days (Monday to Saturday) × lesson numbers.
 * The deputy drags a journal from the palette onto a cell (or clicks the journal, then
 * the cell), drags a lesson to move it, clicks a lesson to pick its room and weeks or
 * to remove it. Clashes come from the server with every answer and stay on their cells.
 * The same board by teacher or by room (``board_mode`` in the action's context) is
 * read-only and shows every class's lessons.
 */
export class TimetableBoard extends Component {
    static template = "school_records.TimetableBoard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        const context = this.props.action.context || {};
        this.mode = context.board_mode || "class";
        this.state = useState({
            data: null,
            timetables: [],
            timetableId: context.timetable_id || context.active_id || false,
            selectedAssignmentId: false,
            selectedSlotId: false,
            resourceId: false,
            date: false,
            includeDrafts: false,
            busy: false,
        });
        this.dragging = null;
        this.loadSequence = 0;
        onWillStart(() => this.load());
    }

    // data ----------------------------------------------------------------------------
    async load() {
        if (this.mode !== "class") {
            // the last choice wins: an earlier answer arriving late is dropped
            const sequence = ++this.loadSequence;
            const data = await this.orm.call("school.timetable", "board_resource_load", [
                this.mode,
                this.state.resourceId,
                this.state.date,
                this.state.includeDrafts,
            ]);
            if (sequence !== this.loadSequence) {
                return;
            }
            this.state.data = data;
            this.state.resourceId = data.resource_id;
            this.state.date = data.date;
            return;
        }
        if (!this.state.timetableId) {
            this.state.timetables = await this.orm.call("school.timetable", "board_timetables", []);
            this.state.data = false;
            return;
        }
        this.setData(
            await this.orm.call("school.timetable", "board_load", [[this.state.timetableId]])
        );
    }

    setData(data) {
        this.state.data = data;
        if (!data.slots.some((slot) => slot.id === this.state.selectedSlotId)) {
            this.state.selectedSlotId = false;
        }
    }

    async call(method, ...args) {
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            this.setData(
                await this.orm.call("school.timetable", method, [[this.state.timetableId], ...args])
            );
        } finally {
            this.state.busy = false;
        }
    }

    get editable() {
        return this.mode === "class" && Boolean(this.state.data && this.state.data.editable);
    }

    slotsAt(day, row) {
        return this.state.data.slots.filter(
            (slot) => slot.weekday === day.weekday && slot.number === row.number
        );
    }

    get selectedSlot() {
        return (
            this.state.data &&
            this.state.data.slots.find((slot) => slot.id === this.state.selectedSlotId)
        );
    }

    cellClass(day, row) {
        const slots = this.slotsAt(day, row);
        return {
            o_school_board_cell: true,
            o_school_board_cell_free: !slots.length,
            o_school_board_cell_clash: slots.some((slot) => slot.clashes.length),
            o_school_board_cell_target: this.editable && Boolean(this.state.selectedAssignmentId),
        };
    }

    slotClass(slot) {
        return {
            o_school_board_slot: true,
            o_school_board_slot_clash: Boolean(slot.clashes.length),
            o_school_board_slot_selected: slot.id === this.state.selectedSlotId,
            o_school_board_slot_draft: this.mode !== "class" && slot.draft,
        };
    }

    slotTitle(slot) {
        return [slot.teacher, slot.room, ...slot.clashes.map((clash) => clash.message)]
            .filter(Boolean)
            .join("\n");
    }

    hours(value) {
        return Number.isInteger(value) ? String(value) : value.toFixed(1);
    }

    remainingClass(item) {
        if (item.remaining > 0) {
            return "text-bg-warning";
        }
        return item.remaining < 0 ? "text-bg-danger" : "text-bg-success";
    }

    // placing ---------------------------------------------------------------------------
    onPaletteClick(item) {
        if (!this.editable) {
            return;
        }
        this.state.selectedSlotId = false;
        this.state.selectedAssignmentId =
            this.state.selectedAssignmentId === item.id ? false : item.id;
    }

    onSlotClick(ev, slot) {
        ev.stopPropagation();
        if (this.mode !== "class") {
            return;
        }
        this.state.selectedAssignmentId = false;
        this.state.selectedSlotId = this.state.selectedSlotId === slot.id ? false : slot.id;
    }

    async onCellClick(day, row) {
        if (!this.editable || !this.state.selectedAssignmentId) {
            return;
        }
        const assignmentId = this.state.selectedAssignmentId;
        this.state.selectedAssignmentId = false;
        await this.call("board_place", assignmentId, day.weekday, row.number);
    }

    onDragStart(ev, payload) {
        if (!this.editable) {
            ev.preventDefault();
            return;
        }
        this.dragging = payload;
        if (ev.dataTransfer) {
            ev.dataTransfer.effectAllowed = "move";
            ev.dataTransfer.setData("text/plain", JSON.stringify(payload));
        }
    }

    onDragEnd() {
        this.dragging = null;
    }

    onDragOver(ev) {
        if (this.editable && this.dragging) {
            ev.preventDefault();
            if (ev.dataTransfer) {
                ev.dataTransfer.dropEffect = "move";
            }
        }
    }

    async onDrop(ev, day, row) {
        ev.preventDefault();
        const payload = this.dragging;
        this.dragging = null;
        if (!this.editable || !payload) {
            return;
        }
        if (payload.assignmentId) {
            await this.call("board_place", payload.assignmentId, day.weekday, row.number);
        } else if (payload.slotId) {
            const slot = this.state.data.slots.find((s) => s.id === payload.slotId);
            if (slot && (slot.weekday !== day.weekday || slot.number !== row.number)) {
                await this.call("board_move", payload.slotId, day.weekday, row.number);
            }
        }
    }

    async onRoomChange(ev) {
        await this.call("board_set_slot", this.state.selectedSlotId, {
            room_id: Number(ev.target.value) || false,
        });
    }

    async onParityChange(ev) {
        await this.call("board_set_slot", this.state.selectedSlotId, {
            week_parity: ev.target.value,
        });
    }

    async onRemove() {
        await this.call("board_remove", this.state.selectedSlotId);
    }

    // the timetable's actions --------------------------------------------------------------
    async onTimetableChange(ev) {
        this.state.timetableId = Number(ev.target.value) || false;
        await this.load();
    }

    async onPublish() {
        await this.orm.call("school.timetable", "action_publish", [[this.state.timetableId]]);
        this.state.selectedAssignmentId = false;
        await this.load();
    }

    async openServerAction(method) {
        // through call_button, as the form's buttons: the server completes the action
        await this.action.doActionButton({
            type: "object",
            name: method,
            resModel: "school.timetable",
            resId: this.state.timetableId,
            resIds: [this.state.timetableId],
            onClose: () => this.load(),
        });
    }

    async onOpenForm() {
        await this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "school.timetable",
            res_id: this.state.timetableId,
            views: [[false, "form"]],
            name: this.state.data.timetable.name,
        });
    }

    // by teacher, by room ------------------------------------------------------------------
    async onResourceChange(ev) {
        this.state.resourceId = Number(ev.target.value) || false;
        await this.load();
    }

    async onDateChange(ev) {
        this.state.date = ev.target.value || false;
        await this.load();
    }

    async onIncludeDraftsChange(ev) {
        this.state.includeDrafts = ev.target.checked;
        await this.load();
    }
}

registry.category("actions").add("school_timetable_board", TimetableBoard);
