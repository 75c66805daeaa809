/* Practice mode (progressive enhancement): filled in by the front-end work. */
