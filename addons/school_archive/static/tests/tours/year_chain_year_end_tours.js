/** @odoo-module **/

import { registry } from "@web/core/registry";

// The year end through the screens, one tour per role on one database
// (tests/year_chain_year_end.py runs them in order, issue 21 §8). Each tour starts from
// the role's home and walks by the menus, found by their xmlid.
const section = (xmlid) => `.o_menu_sections [data-menu-xmlid='${xmlid}']`;
const item = (xmlid) => `.o-dropdown--menu .dropdown-item[data-menu-xmlid='${xmlid}']`;
const DOCUMENTS = "school_records.school_records_menu_documents";
const ARCHIVE = "school_archive.school_archive_storage_menu";
const status = (label) => `.o_statusbar_status button.o_arrow_button_current:contains(${label})`;
const pick = (field, text) =>
    `.o_field_widget[name=${field}] .o-autocomplete--dropdown-menu .dropdown-item:contains(${text})`;
// open a menu item and wait for its action (its title in the breadcrumb or the dialog)
const menu = (sectionXmlid, itemXmlid, title) => [
    { content: `${title}: the menu`, trigger: section(sectionXmlid), run: "click" },
    { content: title, trigger: item(itemXmlid), run: "click" },
    { content: `${title} open`, trigger: `.o_breadcrumb:contains(${title}), .o_dialog .modal-title:contains(${title})` },
];
const lines = ".o_field_widget[name=line_ids] .o_data_row";

registry.category("web_tour.tours").add("school_year_chain_council", {
    steps: () => [
        { content: "The deputy's home: the checks in progress", trigger: ".o_list_view" },
        ...menu(DOCUMENTS, "school_archive.school_council_decision_menu", "Pedagogical council"),
        { content: "A new protocol", trigger: ".o_list_button_add", run: "click" },
        { content: "Its number", trigger: ".o_field_widget[name=number] input", run: "edit 12" },
        { content: "The council met in June", trigger: ".o_field_widget[name=date] input", run: "edit 06/25/2026" },
        { content: "On graduation", trigger: ".o_field_widget[name=kind] select", run: 'select "graduation"' },
        { content: "Of the last year", trigger: ".o_field_widget[name=year_id] input", run: "edit 2025/2026" },
        { content: "2025/2026", trigger: pick("year_id", "2025/2026"), run: "click" },
        { content: "The class", trigger: ".o_field_widget[name=class_ids] input", run: "edit 9" },
        { content: "9А", trigger: pick("class_ids", "9А"), run: "click" },
        { content: "9А is chosen", trigger: ".o_field_widget[name=class_ids] .o_tag:contains(9А)" },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { content: "Saved", trigger: ".o_form_saved" },
        {
            content: "Propose the decisions from the year marks",
            trigger: "button.btn-primary[name=action_fill_from_classes]",
            run: "click",
        },
        {
            content: "The excellent student first, with honours",
            trigger: `${lines}:first td[name=decision]:contains(Certificate with honours issued)`,
        },
        {
            content: "The classmates: a certificate",
            trigger: `${lines}:eq(1) td[name=decision]:contains(Certificate issued)`,
        },
        { content: "Confirm the protocol", trigger: "button[name=action_confirm]", run: "click" },
        { content: "Confirmed", trigger: status("Confirmed") },
    ],
});

registry.category("web_tour.tours").add("school_year_chain_certificate_prepare", {
    steps: () => [
        { content: "The secretary's home: the students", trigger: ".o_list_view" },
        ...menu(DOCUMENTS, "school_archive.school_certificate_prepare_menu", "Prepare certificates"),
        { content: "The graduating class", trigger: ".o_dialog .o_field_widget[name=class_id] input", run: "edit 9" },
        { content: "9А", trigger: `.o_dialog ${pick("class_id", "9А")}`, run: "click" },
        {
            content: "With the next blanks in stock",
            trigger: ".o_dialog .o_field_widget[name=assign_blanks] input",
            run: "click",
        },
        { content: "Prepare", trigger: ".o_dialog button[name=action_prepare]", run: "click" },
        {
            content: "A draft for every graduate, the first of the class on the first blank",
            trigger: ".o_list_view .o_data_row:first:contains(036 24000101):contains(Draft)",
        },
        { content: "The last graduate too", trigger: ".o_list_view .o_data_row:eq(24):contains(Draft)" },
        { content: "Open the first", trigger: ".o_list_view .o_data_row:first td[name=student_name]", run: "click" },
        { content: "With honours", trigger: ".o_form_view .o_field_widget[name=with_honours] input:checked" },
        {
            content: "The final marks of Order 546",
            trigger: `.o_form_view ${lines} td[name=value_text]:contains(5 (отлично))`,
        },
        {
            content: "The council's decision",
            trigger: ".o_field_widget[name=decision_line_id]:contains(с отличием, протокол от 25.06.2026 № 12)",
        },
    ],
});

registry.category("web_tour.tours").add("school_year_chain_certificate_check", {
    steps: () => [
        { content: "The deputy's home", trigger: ".o_list_view" },
        ...menu(DOCUMENTS, "school_archive.school_certificate_menu", "Certificates"),
        { content: "The first graduate's draft", trigger: ".o_list_view .o_data_row:first:contains(Draft) td[name=student_name]", run: "click" },
        { content: "The final marks", trigger: `.o_form_view ${lines}` },
        { content: "Check it", trigger: "button[name=action_check]", run: "click" },
        { content: "Checked", trigger: status("Checked") },
    ],
});

registry.category("web_tour.tours").add("school_year_chain_certificate_sign", {
    steps: () => [
        {
            content: "The director's home, «To sign»: the certificate waits",
            trigger: ".o_list_view .o_group_header:contains(Certificate of Education)",
            run: "click",
        },
        {
            content: "Open the certificate",
            trigger: ".o_list_view .o_data_row:contains(Sign the certificate) .o_data_cell",
            run: "click",
        },
        { content: "The checked certificate", trigger: status("Checked") },
        { content: "Sign it", trigger: "button[name=action_sign]", run: "click" },
        { content: "Signed", trigger: status("Signed") },
    ],
});

registry.category("web_tour.tours").add("school_year_chain_certificate_issue", {
    steps: () => [
        { content: "The secretary's home", trigger: ".o_list_view" },
        ...menu(DOCUMENTS, "school_archive.school_certificate_menu", "Certificates"),
        { content: "The signed certificate", trigger: ".o_list_view .o_data_row:contains(Signed) td[name=student_name]", run: "click" },
        { content: "Signed", trigger: status("Signed") },
        { content: "Issue it", trigger: "button[name=action_issue]", run: "click" },
        { content: "Issued", trigger: status("Issued") },
        { content: "The issue", trigger: "a.nav-link:contains(Issue)", run: "click" },
        {
            content: "Entered in the registration book as entry 1",
            trigger: ".o_field_widget[name=register_entry_ids] .o_data_row td[name=sequence]:contains(1)",
        },
        ...menu(DOCUMENTS, "school_archive.school_certificate_register_menu", "Registration books"),
        { content: "The basic certificates' book", trigger: ".o_list_view .o_data_row td[name=name]", run: "click" },
        {
            content: "The graduate's entry, on the blank of the certificate",
            trigger: ".o_field_widget[name=entry_ids] .o_data_row:contains(9А):contains(24000101)",
        },
    ],
});

registry.category("web_tour.tours").add("school_year_chain_archive", {
    steps: () => [
        { content: "The archivist's home: the archival units", trigger: ".o_list_view" },
        ...menu(ARCHIVE, "school_archive.school_archive_year_wizard_menu", "Year-end archiving"),
        {
            content: "The last finished year is proposed",
            trigger: ".o_dialog .o_field_widget[name=year_id] input:value(2025/2026)",
        },
        // a year's journals take minutes: the scheduled action goes on with them
        {
            content: "Archive it in the background",
            trigger: ".o_dialog button[name=action_archive_in_background]",
            run: "click",
        },
        { content: "The act of transfer, collecting", trigger: status("Collecting") },
        { content: "Of 2025/2026", trigger: ".o_form_view .o_field_widget[name=year_id]:contains(2025/2026)" },
        { content: "The units to archive are counted", trigger: ".o_field_widget[name=units_total]:not(:contains(0))" },
    ],
});

registry.category("web_tour.tours").add("school_year_chain_archive_done", {
    steps: () => [
        { content: "The archivist's home", trigger: ".o_list_view" },
        ...menu(ARCHIVE, "school_archive.school_archive_transfer_act_menu", "Acts of transfer"),
        {
            content: "The act of 2025/2026",
            trigger: ".o_list_view .o_data_row:contains(2025/2026) td[name=name]",
            run: "click",
        },
        { content: "Archived, to sign", trigger: status("To sign") },
        { content: "Every unit archived", trigger: ".o_field_widget[name=progress]:contains(100)" },
        { content: "The journals of 9А", trigger: ".o_field_widget[name=record_ids] .o_data_row:contains(9А)" },
    ],
});

registry.category("web_tour.tours").add("school_year_chain_act_deputy", {
    steps: () => [
        { content: "The deputy's home", trigger: ".o_list_view" },
        ...menu(ARCHIVE, "school_archive.school_archive_transfer_act_menu", "Acts of transfer"),
        {
            content: "The act of 2025/2026",
            trigger: ".o_list_view .o_data_row:contains(2025/2026) td[name=name]",
            run: "click",
        },
        { content: "Sign it", trigger: "button[name=action_sign_deputy]", run: "click" },
        { content: "Signed", trigger: status("Signed by the deputy") },
    ],
});

registry.category("web_tour.tours").add("school_year_chain_act_director", {
    steps: () => [
        {
            content: "The director's home, «To sign»: the act the deputy signed waits",
            trigger: ".o_list_view .o_group_header:contains(Act of Transfer to the Archive)",
            run: "click",
        },
        {
            content: "Open the act",
            trigger: ".o_list_view .o_data_row:contains(Sign the act of transfer) .o_data_cell",
            run: "click",
        },
        { content: "Signed by the deputy", trigger: status("Signed by the deputy") },
        { content: "Sign it", trigger: "button[name=action_sign_director]", run: "click" },
        { content: "Signed", trigger: status("Signed by the director") },
    ],
});

registry.category("web_tour.tours").add("school_year_chain_verify", {
    steps: () => [
        { content: "The archivist's home", trigger: ".o_list_view" },
        ...menu(ARCHIVE, "school_archive.school_archive_verify_wizard_menu", "Verify the archive"),
        { content: "The archived year", trigger: ".o_dialog .o_field_widget[name=year_id] input", run: "edit 2025/2026" },
        { content: "2025/2026", trigger: `.o_dialog ${pick("year_id", "2025/2026")}`, run: "click" },
        { content: "Verify", trigger: ".o_dialog button[name=action_verify]", run: "click" },
        { content: "The verification: all is well", trigger: ".o_form_view .o_field_widget[name=result]:contains(OK)" },
        {
            content: "Each file of the year checked",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(9А):contains(OK)",
        },
    ],
});
