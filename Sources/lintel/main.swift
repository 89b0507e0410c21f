import LintelCommands
await LintelMain.main()
