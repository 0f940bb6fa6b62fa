// Entry point filled in by the emulator work; keeps the project buildable.
return 0;
