from allyscore.entry import main

main()
