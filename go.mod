module hyoka

go 1.26
