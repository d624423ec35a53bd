/* worksheet widget: see hooks/templates and tests/browser. */
