/** @odoo-module **/

import { registry } from "@web/core/registry";

// The archivist's day (tests/test_archivist_day_tour.py, issue 22 §5): she lands on the
// archival units and opens one: its files are listed.
registry.category("web_tour.tours").add("school_role_day_archivist", {
    steps: () =>
        [
            {
                content: "The archivist lands on the archival units",
                trigger: ".o_list_view .o_data_row .o_data_cell:contains(Дневной обход)",
                run: "click",
            },
            {
                content: "The unit's files",
                trigger: ".o_form_view .o_field_widget[name=file_ids] .o_data_row:contains(a.txt)",
            },
        ].map((step) => ({ timeout: 30000, ...step })),
});
