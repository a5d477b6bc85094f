//! Planner tests over many observed states. Pure: no AWS, no emulator.
