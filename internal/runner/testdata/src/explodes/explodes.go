package explodes

func explode() {}

func f() { explode() }
