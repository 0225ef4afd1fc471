/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("school_diary_acknowledge_tour", {
    steps: () => [
        { content: "The child's diary is open", trigger: ".o_diary_tabs" },
        { content: "The week's lesson is there", trigger: ".o_diary_lesson:contains(Тема урока)" },
        { content: "With its mark", trigger: ".o_diary_lesson .o_diary_mark:contains(5)" },
        {
            content: "Acknowledge the week",
            trigger: "button.o_diary_acknowledge",
            run: "click",
            expectUnloadPage: true,
        },
        { content: "The week is acknowledged", trigger: ".o_diary_acknowledged" },
    ],
});
