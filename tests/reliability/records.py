"""A small, valid record that the property-based tests put beside (or mutate into) bad ones."""

from typing import Any

GOOD_RECORD: dict[str, Any] = {
    "operation_id": "BCSSVC01-99-1618218591906093855",
    "operation_status": "processing",
    "record_time": 1618218591906100000,
    "operation_process": {
        "Preparation": {
            "step_name": "Preparation",
            "status": "finished",
            "serial_num": 1,
            "sub_steps": {
                "Generate": {
                    "substep_name": "Generate",
                    "status": "finished",
                    "start_time": 1618218591951266000,
                    "end_time": 1618218591951266001,
                    "serial_num": 1,
                }
            },
        }
    },
}
