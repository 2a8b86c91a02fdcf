from allyscore.cli import main

main()
